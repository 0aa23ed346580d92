package io.pixelwise.command;

import ij.ImagePlus;
import ij.gui.Roi;
import io.pixelwise.ij.Rois;
import io.pixelwise.pipeline.SegmentOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.List;

/** Label to ROIs as a SciJava command; the menu entry is {@link LabelsToRoisPlugin}'s. */
@Plugin(type = Command.class, label = "Label to ROIs", headless = true)
public class LabelsToRoisCommand implements Command {

    @Parameter(label = "Label image")
    private ImagePlus labels;

    @Parameter(label = "Image for the ROIs", required = false)
    private ImagePlus target;

    @Parameter(label = "ROIs to", choices = {SegmentOptions.ROIS_OVERLAY, SegmentOptions.ROIS_MANAGER},
            persist = false)
    private String rois = SegmentOptions.ROIS_OVERLAY;

    @Parameter(type = ItemIO.OUTPUT, label = "ROIs")
    private int count;

    @Override
    public void run() {
        ImagePlus on = target == null ? labels : target;
        List<Roi> made = Rois.fromLabelImage(labels, on);
        Rois.show(on, made, Rois.Target.of(rois));
        count = made.size();
    }
}
