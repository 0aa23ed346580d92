package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.RoiLabels;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** ROIs to Labels as a SciJava command; the menu entry is {@link RoisToLabelsPlugin}'s. */
@Plugin(type = Command.class, label = "ROIs to Labels", headless = true)
public class RoisToLabelsCommand implements Command {

    @Parameter(label = "Image with ROIs")
    private ImagePlus image;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus labels;

    @Override
    public void run() {
        labels = RoiLabels.instances(image, RoiLabels.of(image));
    }
}
