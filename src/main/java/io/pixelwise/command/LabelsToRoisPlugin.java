package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import io.pixelwise.ij.Rois;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;

import java.util.List;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Label to ROIs... : one traced ROI per region and plane of a label image, named
 * "label-id", on the overlay of an image of the same size or in the ROI Manager. Options: {@link #SPEC}.
 */
public class LabelsToRoisPlugin implements PlugIn {

    static final String TITLE = "Label to ROIs";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.image("label", "Label image", "every label value becomes one ROI per plane").alias("labels"),
            Option.image("image", "Image for the ROIs", "the image (of the same size) whose overlay gets them"),
            Option.choice("rois", "ROIs to", SegmentOptions.ROIS_OVERLAY, List.of(SegmentOptions.ROIS_OVERLAY,
                    SegmentOptions.ROIS_MANAGER), "the image's overlay or the ROI Manager")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OptionSpec.Values v = Dialogs.askOnOpenImages(SPEC, TITLE, "a label image", active -> Map.of());
        if (v == null) {
            return;
        }
        ImagePlus labels = Dialogs.image(TITLE, v.text("label"), "the label image");
        ImagePlus target = labels == null ? null : Dialogs.image(TITLE, v.text("image"), "the image for the ROIs");
        if (target == null) {
            return;
        }
        try {
            IJ.showStatus("Label to ROIs: " + show(labels, target, v, new IJProgress()) + " ROIs");
        } catch (CanceledException e) {
            IJ.showStatus(TITLE + " canceled");
        } catch (RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /**
     * Traces the label image's regions and puts the ROIs where the values say; returns how many. Esc (a canceled
     * {@code progress}) stops it between planes, before any ROI is placed.
     */
    static int show(ImagePlus labels, ImagePlus target, OptionSpec.Values v, Progress progress) {
        List<Roi> rois = Rois.fromLabelImage(labels, target, progress);
        Rois.show(target, rois, Rois.Target.of(v.text("rois")));
        return rois.size();
    }
}
