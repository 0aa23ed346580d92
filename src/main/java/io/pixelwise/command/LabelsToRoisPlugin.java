package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import io.pixelwise.ij.Rois;
import io.pixelwise.pipeline.SegmentOptions;

import java.util.List;

/**
 * Plugins &gt; Pixelwise &gt; Label to ROIs... : one traced ROI per region and plane of a label image, named
 * "label-id", on the overlay of an image of the same size or in the ROI Manager. Macro keys: labels, image, rois.
 */
public class LabelsToRoisPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        String[] titles = Dialogs.openTitles("Label to ROIs", "a label image");
        if (titles == null) {
            return;
        }
        String active = IJ.getImage().getTitle();
        GenericDialog gd = new MacroDialog("Label to ROIs");
        gd.addChoice("Label image", titles, active);
        gd.addChoice("Image for the ROIs", titles, active);
        gd.addChoice("ROIs to", new String[] {SegmentOptions.ROIS_OVERLAY, SegmentOptions.ROIS_MANAGER},
                SegmentOptions.ROIS_OVERLAY);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        ImagePlus labels = Dialogs.image("Label to ROIs", gd.getNextChoice(), "the label image");
        ImagePlus target = labels == null ? null : Dialogs.image("Label to ROIs", gd.getNextChoice(),
                "the image for the ROIs");
        if (target == null) {
            return;
        }
        try {
            List<Roi> rois = Rois.fromLabelImage(labels, target);
            Rois.show(target, rois, Rois.Target.of(gd.getNextChoice()));
            IJ.showStatus("Label to ROIs: " + rois.size() + " ROIs");
        } catch (RuntimeException e) {
            Dialogs.error("Label to ROIs", e.getMessage());
        }
    }
}
