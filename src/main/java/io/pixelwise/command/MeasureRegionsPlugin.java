package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.io.FileNames;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Rings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plugins &gt; Pixelwise &gt; Measure Regions... : measures every region of a label image (optionally the intensities
 * of another image and the classes of a class image) into the Regions, Region volumes and Region classes tables,
 * with a plot of area per slice for stacks; optionally saves them as CSV. Options: {@link #SPEC}.
 */
public class MeasureRegionsPlugin implements PlugIn {

    static final String TITLE = "Measure Regions";
    static final String LABEL = "label";
    static final String INTENSITY = "intensity";
    static final String CLASS = "class";
    public static final String RING = "ring";
    static final String SAVE = "save";
    static final String OVERWRITE = "overwrite";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.image(LABEL, "Label image", "every label value is a region").alias("labels"),
            Option.optionalImage(INTENSITY, "Intensity image",
                    "measure its mean, min, max, std, median and integrated density per region (each channel of a "
                            + "multi-channel image)"),
            Option.number(RING, "Ring around each region (pixels, 0 = none)", 0, 0, Rings.MAX_WIDTH,
                    "also measure the intensity image in a ring this wide around each region on each plane: its "
                    + "nearest background pixels, such as the cytoplasm around a nucleus"),
            Option.optionalImage(CLASS, "Class image", "give each region the class most of its pixels have"),
            Option.folder(SAVE, "Save tables to (optional)", "write the tables as CSV (and the plot as PNG) here"),
            Option.flag(OVERWRITE, "Overwrite existing files", false, "replace tables that exist")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OptionSpec.Values v = Dialogs.askOnOpenImages(SPEC, TITLE, "a label image", active -> Map.of());
        if (v == null) {
            return;
        }
        ImagePlus labels = Dialogs.image(TITLE, v.text(LABEL), "the label image");
        ImagePlus intensity = optional(v.text(INTENSITY), "the intensity image");
        ImagePlus classes = optional(v.text(CLASS), "the class image");
        if (labels == null || intensity == null && !v.text(INTENSITY).equals(Option.NO_IMAGE)
                || classes == null && !v.text(CLASS).equals(Option.NO_IMAGE)) {
            return;
        }
        try {
            RegionMeasurement.Tables t = measure(labels, intensity, classes, v, IJ::log, new IJProgress());
            t.regions().show("Regions");
            if (t.volumes() != null) {
                t.volumes().show("Region volumes");
            }
            if (t.classes() != null) {
                t.classes().show("Region classes");
            }
            if (t.plot() != null) {
                t.plot().show();
            }
        } catch (CanceledException e) {
            IJ.showStatus(TITLE + " canceled");
        } catch (IOException | RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    private static ImagePlus optional(String title, String role) {
        return title.equals(Option.NO_IMAGE) ? null : Dialogs.image(TITLE, title, role);
    }

    /**
     * Measures and, when the values name a folder, saves; shared with {@link MeasureRegionsCommand}. Esc (a
     * canceled {@code progress}) stops it between planes, before anything is saved.
     */
    static RegionMeasurement.Tables measure(ImagePlus labels, ImagePlus intensity, ImagePlus classes,
                                            OptionSpec.Values v, Consumer<String> log, Progress progress)
            throws IOException {
        progress.status(TITLE + ": " + labels.getTitle());
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, intensity, classes, v.number(RING), progress);
        if (t.note() != null) {
            log.accept("Measure Regions: " + t.note());
        }
        String folder = v.optionalText(SAVE);
        if (folder != null) {
            for (Path p : RegionMeasurement.save(t, Path.of(folder), FileNames.stem(labels.getTitle()),
                    v.flag(OVERWRITE))) {
                log.accept("Measure Regions: wrote " + p);
            }
        }
        return t;
    }
}
