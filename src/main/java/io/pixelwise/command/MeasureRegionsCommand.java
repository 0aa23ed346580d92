package io.pixelwise.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.io.FileNames;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Measure Regions as a SciJava command for scripts and headless runs; the menu entry and macro support come from
 * plugins.config ({@link MeasureRegionsPlugin}). Returns the tables and, when a folder is given, writes them as CSV.
 */
@Plugin(type = Command.class, label = "Measure Regions", headless = true)
public class MeasureRegionsCommand implements Command {

    @Parameter(label = "Label image")
    private ImagePlus labels;

    @Parameter(label = "Intensity image", required = false)
    private ImagePlus intensity;

    @Parameter(label = "Class image", required = false)
    private ImagePlus classes;

    @Parameter(label = "Save tables to", style = "directory", required = false, persist = false)
    private File saveTo;

    @Parameter(label = "Overwrite existing files", persist = false)
    private boolean overwrite;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable regions;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable volumes;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable classTotals;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, intensity, classes);
        regions = t.regions();
        volumes = t.volumes();
        classTotals = t.classes();
        if (t.note() != null) {
            log.warn("Measure Regions: " + t.note());
        }
        if (saveTo != null) {
            try {
                RegionMeasurement.save(t, saveTo.toPath(), FileNames.stem(labels.getTitle()), overwrite)
                        .forEach(p -> log.info("Measure Regions: wrote " + p));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
