package io.pixelwise.cli;

import io.pixelwise.command.SegmentOptions;
import ij.ImagePlus;
import io.pixelwise.ij.Calibrations;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.measure.PixelSizes;
import io.pixelwise.regions.Connectivity;

import java.io.IOException;
import java.nio.file.Path;

/** The segmentation flags Segment and Batch share, with Segment Image's defaults. */
final class SegmentFlags {

    static final String USAGE = """
              --model    bundled model name or model folder (default nuclei-fluo)
              --tile     tile side in pixels (default 1024)
              --threads  TensorFlow threads per op, 0 = all cores (default 0)
              --parallel TensorFlow ops run concurrently, 0 = TensorFlow's choice (default 0)
              --probabilities  also write per-class probabilities
              --3d       objects connect across slices (z-stacks)
              --corners  objects also connect through corners (8 / 26 neighbours; default sides only)
              --min-size smallest object kept, in pixels (default: the model's)
              --split    split touching objects at necks this many pixels deep, 0 = never (default: the model's)
              --panoptic also write a panoptic image (channel 1 class, channel 2 instance id)
              --pixel-sizes  CSV of pixel sizes by file name (columns file, pixel_size_UNIT), for images
                         whose files carry none: sizes are then measured in that unit""";

    String model;
    int tile = SegmentOptions.DEFAULT_TILE;
    int threads = SegmentOptions.DEFAULT_THREADS;
    int interOpThreads = SegmentOptions.DEFAULT_INTER_THREADS;
    boolean probabilities;
    boolean volumes;
    boolean corners;
    long minSize = SegmentOptions.DEFAULT_MIN_SIZE;
    double split = SegmentOptions.DEFAULT_SPLIT;
    boolean panoptic;
    PixelSizes pixelSizes;

    /** Takes {@code arg} (and its value) if it is a segmentation flag; false otherwise. */
    boolean accept(String arg, Args a) {
        switch (arg) {
            case "--model" -> model = a.value(arg);
            case "--tile" -> tile = a.intValue(arg);
            case "--threads" -> threads = a.intValue(arg);
            case "--parallel" -> interOpThreads = a.intValue(arg);
            case "--probabilities" -> probabilities = true;
            case "--3d" -> volumes = true;
            case "--corners" -> corners = true;
            case "--min-size" -> minSize = a.intValue(arg);
            case "--split" -> split = a.doubleValue(arg);
            case "--panoptic" -> panoptic = true;
            case "--pixel-sizes" -> pixelSizes = readPixelSizes(a.value(arg));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static PixelSizes readPixelSizes(String csv) {
        try {
            return PixelSizes.read(Path.of(csv));
        } catch (IOException e) {
            throw new IllegalArgumentException("--pixel-sizes: " + e.getMessage(), e);
        }
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
        return ImageJModels.open(model, threads, interOpThreads);
    }

    ImageSegmentation.Settings settings() {
        return new ImageSegmentation.Settings(tile, probabilities, volumes,
                corners ? Connectivity.FULL : Connectivity.FACE, minSize, split, panoptic);
    }
}
