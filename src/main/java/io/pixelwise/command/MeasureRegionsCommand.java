package io.pixelwise.command;

import ij.measure.ResultsTable;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Measure Regions as a SciJava command for scripts and headless runs (inputs: {@link MeasureRegionsPlugin#SPEC}'s
 * keys); the menu entry and macro support come from plugins.config ({@link MeasureRegionsPlugin}). Returns the
 * tables and, when a folder is given, writes them as CSV.
 */
@Plugin(type = Command.class, label = "Measure Regions", headless = true)
public class MeasureRegionsCommand extends SpecCommand {

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable regions;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable volumes;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable classTotals;

    @Override
    protected OptionSpec spec() {
        return MeasureRegionsPlugin.SPEC;
    }

    @Override
    public void run() {
        try {
            RegionMeasurement.Tables t = MeasureRegionsPlugin.measure(image(MeasureRegionsPlugin.LABEL),
                    image(MeasureRegionsPlugin.INTENSITY), image(MeasureRegionsPlugin.CLASS), values(), log::info,
                    new StatusProgress(status));
            regions = t.regions();
            volumes = t.volumes();
            classTotals = t.classes();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
