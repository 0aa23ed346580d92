package io.pixelwise.command;

import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.ij.RoiLabels;

/**
 * Plugins &gt; Pixelwise &gt; ROIs to Labels : the active image's ROIs (overlay, else ROI Manager, else selection)
 * painted into a new label image, the n-th ROI as label n, on the ROI's slice and frame; with the argument
 * {@code classes} (ROIs to Class Labels) each ROI paints its ROI group, a class image for training. The image is not
 * changed.
 */
public class RoisToLabelsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        boolean classes = "classes".equals(arg);
        String command = classes ? "ROIs to Class Labels" : "ROIs to Labels";
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage(command);
        if (imp == null) {
            return;
        }
        try {
            (classes ? RoiLabels.classes(imp, RoiLabels.of(imp)) : RoiLabels.instances(imp, RoiLabels.of(imp))).show();
        } catch (RuntimeException e) {
            Dialogs.error(command, e.getMessage());
        }
    }
}
