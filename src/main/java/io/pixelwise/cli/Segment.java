package io.pixelwise.cli;

import ij.ImagePlus;
import ij.io.FileSaver;
import io.pixelwise.command.SegmentOptions;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.Rois;
import io.pixelwise.io.FileNames;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line Segment Image: one image file in, a class TIFF, an instance label TIFF, an ImageJ ROI set (.zip)
 * and a CSV of object counts out. The input file is only read.
 */
public final class Segment {

    static final String USAGE = """
            usage: Segment IMAGE [--model NAME|FOLDER] [--out FOLDER] [--tile N] [--threads N] [--parallel N]
                   [--probabilities] [--3d] [--corners] [--min-size N] [--split D] [--panoptic]
              IMAGE      any file ImageJ opens (TIFF, PNG, ...)
              --model    bundled model name or model folder (default nuclei-fluo)
              --out      output folder (default: IMAGE's folder/pixelwise)
              --tile     tile side in pixels (default 1024)
              --threads  TensorFlow threads per op, 0 = all cores (default 0)
              --parallel TensorFlow ops run concurrently, 0 = TensorFlow's choice (default 0)
              --probabilities  also write per-class probabilities
              --3d       objects connect across slices (z-stacks)
              --corners  objects also connect through corners (8 / 26 neighbours; default sides only)
              --min-size smallest object kept, in pixels (default: the model's)
              --split    split touching objects at necks this many pixels deep, 0 = never (default: the model's)
              --panoptic also write a panoptic image (channel 1 class, channel 2 instance id)""";

    private Segment() {
    }

    public static void main(String[] args) {
        try {
            List<Path> written = run(args);
            System.out.println("Wrote:");
            written.forEach(p -> System.out.println("  " + p.toAbsolutePath().normalize()));
        } catch (IllegalArgumentException | IOException | io.pixelwise.model.ModelException e) {
            System.err.println("Segment: " + e.getMessage());
            System.exit(2);
        }
    }

    static List<Path> run(String[] args) throws IOException {
        Path image = null;
        Path out = null;
        String model = null;
        int tile = SegmentOptions.DEFAULT_TILE;
        int threads = SegmentOptions.DEFAULT_THREADS;
        int interOpThreads = SegmentOptions.DEFAULT_INTER_THREADS;
        boolean probabilities = false;
        boolean volumes = false;
        boolean corners = false;
        long minSize = SegmentOptions.DEFAULT_MIN_SIZE;
        double split = SegmentOptions.DEFAULT_SPLIT;
        boolean panoptic = false;
        Args a = new Args(args, USAGE);
        while (a.hasNext()) {
            String arg = a.next();
            switch (arg) {
                case "--model" -> model = a.value(arg);
                case "--out" -> out = Path.of(a.value(arg));
                case "--tile" -> tile = a.intValue(arg);
                case "--threads" -> threads = a.intValue(arg);
                case "--parallel" -> interOpThreads = a.intValue(arg);
                case "--probabilities" -> probabilities = true;
                case "--3d" -> volumes = true;
                case "--corners" -> corners = true;
                case "--min-size" -> minSize = a.intValue(arg);
                case "--split" -> split = a.doubleValue(arg);
                case "--panoptic" -> panoptic = true;
                case "-h", "--help" -> throw new IllegalArgumentException("\n" + USAGE);
                default -> {
                    if (arg.startsWith("--") || image != null) {
                        throw a.unexpected(arg);
                    }
                    image = Path.of(arg);
                }
            }
        }
        if (image == null) {
            throw new IllegalArgumentException("no input image given\n" + USAGE);
        }
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("input image not found: " + image.toAbsolutePath());
        }
        ImagePlus imp = ImageFiles.open(image);
        if (out == null) {
            out = image.toAbsolutePath().getParent().resolve("pixelwise");
        }
        Files.createDirectories(out);
        String base = FileNames.stem(image.getFileName().toString());
        ImageSegmentation.Output result;
        try (SegmentationModel m = ImageJModels.open(model, threads, interOpThreads)) {
            System.out.printf("Segmenting %s (%dx%d, %d plane(s)) with model '%s'%n", image,
                    imp.getWidth(), imp.getHeight(), imp.getStackSize(), m.descriptor().name);
            result = ImageSegmentation.run(imp, m, new ImageSegmentation.Settings(tile, probabilities, volumes,
                    corners ? Connectivity.FULL : Connectivity.FACE, minSize, split, panoptic), new ConsoleProgress());
        }
        List<Path> written = new ArrayList<>();
        written.add(saveTiff(result.classes(), out.resolve(base + "-classes.tif"), image));
        written.add(saveTiff(result.instances(), out.resolve(base + "-instances.tif"), image));
        if (result.probabilities() != null) {
            written.add(saveTiff(result.probabilities(), out.resolve(base + "-probabilities.tif"), image));
        }
        if (result.panoptic() != null) {
            written.add(saveTiff(result.panoptic(), out.resolve(base + "-panoptic.tif"), image));
        }
        Path zip = checkedOutput(out.resolve(base + "-rois.zip"), image);
        Rois.writeZip(result.rois(), zip);
        written.add(zip);
        Path csv = checkedOutput(out.resolve(base + "-counts.csv"), image);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("image,class,count");
            for (Map.Entry<String, Integer> e : result.objectCounts().entrySet()) {
                w.println(csv(image.getFileName().toString()) + "," + e.getKey() + ","
                        + e.getValue());
            }
        }
        written.add(csv);
        System.out.printf("%s: %s, %d ROIs, on %s, tile %d px, %.2f s%n", image.getFileName(),
                result.objectCounts(), result.rois().size(), result.device(), result.tileSide(),
                result.millis() / 1000.0);
        return written;
    }

    private static Path saveTiff(ImagePlus imp, Path file, Path input) throws IOException {
        checkedOutput(file, input);
        FileSaver saver = new FileSaver(imp);
        boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(file.toString())
                : saver.saveAsTiff(file.toString());
        if (!ok) {
            throw new IOException("could not write " + file);
        }
        return file;
    }

    /** Refuses to write over the input image. */
    private static Path checkedOutput(Path file, Path input) throws IOException {
        if (Files.exists(file) && Files.isSameFile(file, input)) {
            throw new IllegalArgumentException("output " + file + " would overwrite the input image");
        }
        return file;
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Prints progress as a percentage on one line. */
    private static final class ConsoleProgress implements Progress {
        private int last = -1;

        @Override
        public void status(String message) {
        }

        @Override
        public void fraction(double done) {
            int pct = (int) (done * 100);
            if (pct / 10 != last / 10) {
                System.out.printf("  %d%%%n", pct);
                last = pct;
            }
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    }
}
