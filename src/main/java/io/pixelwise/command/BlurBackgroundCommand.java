package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.Edits;
import io.pixelwise.io.FileNames;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Blur Background as a SciJava command; the menu entry is {@link BlurBackgroundPlugin}'s. */
@Plugin(type = Command.class, label = "Blur Background", headless = true)
public class BlurBackgroundCommand implements Command {

    static final double DEFAULT_STRENGTH = 8;
    static final double DEFAULT_FEATHER = 4;

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "Labels image")
    private ImagePlus labels;

    @Parameter(label = "Subject labels (e.g. 2, 5-7; empty = all)", required = false, persist = false)
    private String subject = "";

    @Parameter(label = "Strength (blur sigma, pixels)", min = "0", persist = false)
    private double strength = DEFAULT_STRENGTH;

    @Parameter(label = "Feather (pixels)", min = "0", persist = false)
    private double feather = DEFAULT_FEATHER;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus portrait;

    @Override
    public void run() {
        portrait = Edits.blurBackground(image, labels, LabelList.parse(subject, "Subject labels"), strength, feather,
                FileNames.stem(image.getTitle()) + "-portrait");
    }
}
