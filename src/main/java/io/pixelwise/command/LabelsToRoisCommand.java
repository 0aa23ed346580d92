package io.pixelwise.command;

import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Label to ROIs as a SciJava command; the menu entry is {@link LabelsToRoisPlugin}'s. */
@Plugin(type = Command.class, label = "Label to ROIs", headless = true)
public class LabelsToRoisCommand extends SpecCommand {

    @Parameter(type = ItemIO.OUTPUT, label = "ROIs")
    private int count;

    @Override
    protected OptionSpec spec() {
        return LabelsToRoisPlugin.SPEC;
    }

    @Override
    public void run() {
        count = LabelsToRoisPlugin.show(image("label"), image("image"), values(), new StatusProgress(status));
    }
}
