package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.RoiLabels;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * ROIs to Labels (and, with {@code paint} classes, ROIs to Class Labels) as a SciJava command; the menu entries are
 * {@link RoisToLabelsPlugin}'s.
 */
@Plugin(type = Command.class, label = "ROIs to Labels", headless = true)
public class RoisToLabelsCommand implements Command {

    @Parameter(label = "Image with ROIs")
    private ImagePlus image;

    @Parameter(label = "Paint", choices = {"instances", "classes"},
            description = "instances: ROI n paints n; classes: each ROI paints its ROI group")
    private String paint = "instances";

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus labels;

    @Override
    public void run() {
        labels = "classes".equals(paint) ? RoiLabels.classes(image, RoiLabels.of(image))
                : RoiLabels.instances(image, RoiLabels.of(image));
    }
}
