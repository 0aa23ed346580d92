package io.pixelwise.command;

import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.ij.RoiLabels;

/**
 * Plugins &gt; Pixelwise &gt; ROIs to Labels : the active image's ROIs (overlay, else ROI Manager, else selection)
 * painted into a new label image, the n-th ROI as label n, on the ROI's slice and frame. The image is not changed.
 */
public class RoisToLabelsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage("ROIs to Labels");
        if (imp == null) {
            return;
        }
        try {
            RoiLabels.instances(imp, RoiLabels.of(imp)).show();
        } catch (RuntimeException e) {
            Dialogs.error("ROIs to Labels", e.getMessage());
        }
    }
}
