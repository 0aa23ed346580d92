package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.Edits;
import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Filter Regions as a SciJava command; the menu entry is {@link FilterRegionsPlugin}'s. */
@Plugin(type = Command.class, label = "Filter Regions", headless = true)
public class FilterRegionsCommand extends SpecCommand {

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus filtered;

    @Parameter(type = ItemIO.OUTPUT, label = "Objects kept")
    private int kept;

    @Override
    protected OptionSpec spec() {
        return FilterRegionsPlugin.SPEC;
    }

    @Override
    public void run() {
        Edits.Filtered f = FilterRegionsPlugin.filter(image("label"), values());
        filtered = f.labels();
        kept = f.kept();
    }
}
