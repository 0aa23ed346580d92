package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Blur Background as a SciJava command; the menu entry is {@link BlurBackgroundPlugin}'s. */
@Plugin(type = Command.class, label = "Blur Background", headless = true)
public class BlurBackgroundCommand extends SpecCommand {

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus portrait;

    @Override
    protected OptionSpec spec() {
        return BlurBackgroundPlugin.SPEC;
    }

    @Override
    public void run() {
        portrait = BlurBackgroundPlugin.portrait(image("image"), image("labels"), values());
    }
}
