package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.Rois;
import io.pixelwise.ij.StreamedSegmentation;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.CanceledException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Plugins &gt; Pixelwise &gt; Segment Image... for ImageJ 1.x and Fiji, registered in plugins.config. The dialog
 * is an ImageJ GenericDialog, so the macro recorder writes {@code run("Segment Image...", "model=... tile=...")}
 * and macros pass the same keys back.
 */
public class SegmentImagePlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage("Segment Image");
        if (imp == null) {
            return;
        }
        GenericDialog gd = new MacroDialog("Segment Image");
        gd.addStringField(SegmentOptions.MODEL, SegmentOptions.DEFAULT_MODEL, 30);
        gd.addMessage("Installed models: " + String.join(", ", ImageJModels.available()) + "; or a model folder.");
        gd.addNumericField(SegmentOptions.TILE, SegmentOptions.DEFAULT_TILE, 0);
        gd.addCheckbox(SegmentOptions.CLASSES, SegmentOptions.DEFAULT_CLASSES);
        gd.addCheckbox(SegmentOptions.INSTANCES, SegmentOptions.DEFAULT_INSTANCES);
        gd.addCheckbox(SegmentOptions.PROBABILITIES, SegmentOptions.DEFAULT_PROBABILITIES);
        gd.addChoice(SegmentOptions.ROIS, SegmentOptions.ROI_CHOICES, SegmentOptions.ROIS_OVERLAY);
        gd.addCheckbox(SegmentOptions.VOLUMES, SegmentOptions.DEFAULT_VOLUMES);
        gd.addChoice(SegmentOptions.TOUCHING, SegmentOptions.TOUCH_CHOICES, SegmentOptions.TOUCH_SIDES);
        gd.addNumericField(SegmentOptions.MIN_SIZE, SegmentOptions.DEFAULT_MIN_SIZE, 0);
        gd.addNumericField(SegmentOptions.SPLIT, SegmentOptions.DEFAULT_SPLIT, 1);
        gd.addCheckbox(SegmentOptions.PANOPTIC, SegmentOptions.DEFAULT_PANOPTIC);
        gd.addDirectoryField(SegmentOptions.FOLDER, SegmentOptions.DEFAULT_FOLDER, 30);
        gd.addNumericField(SegmentOptions.THREADS, SegmentOptions.DEFAULT_THREADS, 0);
        gd.addNumericField(SegmentOptions.INTER_THREADS, SegmentOptions.DEFAULT_INTER_THREADS, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String model = gd.getNextString();
        int tile = (int) gd.getNextNumber();
        boolean showClasses = gd.getNextBoolean();
        boolean showInstances = gd.getNextBoolean();
        boolean showProbabilities = gd.getNextBoolean();
        String rois = gd.getNextChoice();
        boolean volumes = gd.getNextBoolean();
        String touching = gd.getNextChoice();
        long minSize = (long) gd.getNextNumber();
        double split = gd.getNextNumber();
        boolean panoptic = gd.getNextBoolean();
        String folder = gd.getNextString().trim();
        int threads = (int) gd.getNextNumber();
        int interOpThreads = (int) gd.getNextNumber();
        if (gd.invalidNumber()) {
            Dialogs.error("Segment Image", "'" + SegmentOptions.TILE + "', '" + SegmentOptions.THREADS + "' and '"
                    + SegmentOptions.INTER_THREADS + "' must be numbers");
            return;
        }
        try (SegmentationModel m = ImageJModels.open(model, threads, interOpThreads)) {
            var settings = new ImageSegmentation.Settings(tile, showProbabilities, volumes,
                    SegmentOptions.touching(touching), minSize, split, panoptic);
            if (!folder.isEmpty()) {
                StreamedSegmentation.Opened o = StreamedSegmentation.intoFolder(imp, m, settings, Path.of(folder),
                        new IJProgress());
                if (showClasses) {
                    o.classes().show();
                }
                if (showInstances) {
                    o.instances().show();
                }
                String summary = SegmentOptions.streamedSummary(imp.getTitle(), o);
                IJ.showStatus(summary);
                IJ.log(summary);
                return;
            }
            ImageSegmentation.Output out = ImageSegmentation.run(imp, m, settings, new IJProgress());
            if (showClasses) {
                out.classes().show();
            }
            if (showInstances) {
                out.instances().show();
            }
            if (out.probabilities() != null) {
                out.probabilities().show();
            }
            if (out.panoptic() != null) {
                out.panoptic().show();
            }
            Rois.show(imp, out.rois(), SegmentOptions.roiTarget(rois));
            IJ.showStatus(String.format("Segment Image: %s on %s in %.1f s", out.objectCounts(), out.device(),
                    out.millis() / 1000.0));
        } catch (CanceledException e) {
            IJ.showStatus("Segment Image canceled");
        } catch (RuntimeException | IOException e) {
            Dialogs.error("Segment Image", e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
