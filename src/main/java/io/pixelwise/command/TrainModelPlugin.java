package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.ij.RoiLabels;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.train.LabelMode;
import io.pixelwise.train.TrainOptions;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Train Model... for ImageJ 1.x and Fiji, registered in plugins.config. Trains on
 * folders of images and label images, or on the active image with a label image or with its ROIs; the macro recorder
 * writes the dialog's keys ({@link TrainOptions#SPEC}). Each epoch is written to the Log window; Esc cancels, and the
 * run can be resumed from its output folder.
 */
public class TrainModelPlugin implements PlugIn {

    static final String TITLE = "Train Model";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OptionSpec.Values v = SpecDialog.ask(TrainOptions.SPEC, TITLE, Map.of());
        if (v == null) {
            return;
        }
        String output = v.optionalText(TrainOptions.OUTPUT);
        if (output == null) {
            Dialogs.error(TITLE, "'" + TrainOptions.SPEC.option(TrainOptions.OUTPUT).label() + "' is empty: choose a "
                    + "new folder for the model");
            return;
        }
        Path out = Path.of(output);
        try {
            TrainingRun.Outcome o;
            TrainingRun.Listener toLog = r -> IJ.log("Train Model: " + r.line());
            String source = v.text(TrainOptions.SOURCE);
            if (v.flag(TrainOptions.RESUME)) {
                o = ModelTraining.fromFolders(null, out, true, new IJProgress(), toLog);
            } else {
                TrainingConfig c = TrainOptions.config(null, v, TrainOptions.allKeys(), out);
                o = source.equals(TrainOptions.SOURCE_FOLDERS)
                        ? ModelTraining.fromFolders(c, out, false, new IJProgress(), toLog)
                        : ModelTraining.fromImages(c, List.of(IJ.getImage()), List.of(labelsOf(source,
                        v.text(TrainOptions.LABEL_IMAGE), c)), out, new IJProgress(), toLog);
            }
            IJ.log("Train Model: wrote " + o.model().toAbsolutePath() + "\n" + o.bestScores().table());
            IJ.showStatus(String.format("Train Model: best epoch %d of %d", o.best().epoch(), o.history().size()));
        } catch (CanceledException e) {
            IJ.log("Train Model canceled; the last finished epoch is kept in " + out
                    + " (tick '" + TrainOptions.SPEC.option(TrainOptions.RESUME).label() + "' to continue)");
        } catch (IOException | RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /** The labels for the active image: a chosen open label image, or its ROIs painted as labels. */
    private static ImagePlus labelsOf(String source, String labelImage, TrainingConfig c) {
        ImagePlus imp = IJ.getImage();
        if (source.equals(TrainOptions.SOURCE_LABEL_IMAGE)) {
            ImagePlus labels = WindowManager.getImage(labelImage);
            if (labels == null) {
                throw new IllegalArgumentException("No open image called '" + labelImage + "' to use as labels");
            }
            return labels;
        }
        List<Roi> rois = RoiLabels.of(imp);
        if (rois.isEmpty()) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has no ROIs (overlay, ROI Manager "
                    + "or selection) to train on");
        }
        List<String> classes = c.classNames();
        return RoiLabels.paint(imp, rois, roi -> switch (c.labelMode()) {
            case INSTANCES -> rois.indexOf(roi) + 1;
            case BINARY -> 1;
            case CLASSES -> classOf(roi, classes);
        });
    }

    /**
     * A ROI's class from its name, "class" or "class-anything" (Segment Image names ROIs "class-id"), else from its
     * ROI group, the class's index (as ROIs to Class Labels paints it).
     */
    static int classOf(Roi roi, List<String> classes) {
        String n = roi.getName() == null ? "" : roi.getName();
        for (int k = classes.size() - 1; k > 0; k--) {
            if (n.equals(classes.get(k)) || n.startsWith(classes.get(k) + "-")) {
                return k;
            }
        }
        if (roi.getGroup() > 0 && roi.getGroup() < classes.size()) {
            return roi.getGroup();
        }
        throw new IllegalArgumentException("ROI " + RoiLabels.describe(roi) + " is not named after one of the classes "
                + classes
                + " and its ROI group (" + roi.getGroup() + ") is none of theirs (name ROIs 'class' or "
                + "'class-anything', or put them in group 1 to " + (classes.size() - 1) + ", to train on them in mode "
                + LabelMode.CLASSES.key() + ")");
    }
}
