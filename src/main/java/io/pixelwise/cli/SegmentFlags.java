package io.pixelwise.cli;

import ij.ImagePlus;
import io.pixelwise.ij.Calibrations;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.measure.PixelSizes;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.pipeline.SegmentOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What Segment and Batch share: Segment Image's options (same keys as its macro), plus files in and out. */
final class SegmentFlags {

    static final String OUT = "out";
    static final String OVERWRITE = "overwrite";
    static final String PIXEL_SIZES = "pixel-sizes";

    private final OptionSpec.Values values;
    private final PixelSizes pixelSizes;

    /** Segment Image's options, then {@code more} and the ones every segmenting command line has. */
    static OptionSpec spec(String command, Option... more) {
        List<Option> cli = new ArrayList<>(List.of(more));
        cli.add(Option.flag(OVERWRITE, "Overwrite", false, "replace outputs that exist (default: keep them)")
                .only(Front.CLI));
        cli.add(Option.file(PIXEL_SIZES, "Pixel sizes", "CSV of pixel sizes by file name (columns file, "
                + "pixel_size_UNIT), for images whose files carry none: sizes are then measured in that unit")
                .only(Front.CLI));
        return SegmentOptions.SPEC.with(command, cli);
    }

    SegmentFlags(OptionSpec.Values values) {
        this.values = values;
        String csv = values.optionalText(PIXEL_SIZES);
        try {
            pixelSizes = csv == null ? null : PixelSizes.read(Path.of(csv));
        } catch (IOException e) {
            throw new IllegalArgumentException("--" + PIXEL_SIZES + ": " + e.getMessage(), e);
        }
    }

    OptionSpec.Values values() {
        return values;
    }

    boolean overwrite() {
        return values.flag(OVERWRITE);
    }

    /**
     * The image of {@code file} (read plane by plane as a virtual stack when {@code planeByPlane}), calibrated from
     * --pixel-sizes when given (which must list it).
     */
    ImagePlus open(Path file, boolean planeByPlane) throws IOException {
        ImagePlus imp = planeByPlane ? ImageFiles.openPlaneByPlane(file) : ImageFiles.open(file);
        if (pixelSizes != null) {
            Calibrations.apply(imp, pixelSizes.of(file.getFileName().toString()));
        }
        return imp;
    }

    SegmentationModel openModel() {
        return ImageJModels.open(values.text(SegmentOptions.MODEL), values.integer(SegmentOptions.THREADS),
                values.integer(SegmentOptions.PARALLEL));
    }

    Pipeline.Settings settings() {
        return SegmentOptions.settings(values);
    }
}
