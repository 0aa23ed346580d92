package io.pixelwise.cli;

import ij.ImagePlus;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.Rois;
import io.pixelwise.ij.StreamedSegmentation;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.io.FileNames;
import io.pixelwise.io.Nifti;
import io.pixelwise.io.OutputLayout;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;

import java.io.IOException;
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

    static final String STREAM = "stream";

    static final OptionSpec SPEC = SegmentFlags.spec("Segment",
            Option.folder(SegmentFlags.OUT, "Out", "output folder (default: ./" + Segment.DEFAULT_OUT
                    + ", never the data's folder)").only(Front.CLI),
            Option.flag(STREAM, "Stream", false, "for stacks larger than memory: read a TIFF plane by plane and "
                    + "write each plane's results as they come (8-bit classes, 32-bit instance ids); per-plane "
                    + "models, 2D instances only").only(Front.CLI));

    /** Where results go without --out: the working folder, never the (perhaps read-only) data folder. */
    static final String DEFAULT_OUT = "pixelwise-out";

    private Segment() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(Segment.class, args);
        try {
            List<Path> written = run(args);
            System.out.println("Wrote:");
            written.forEach(p -> System.out.println("  " + p.toAbsolutePath().normalize()));
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | IOException | io.pixelwise.model.ModelException e) {
            System.err.println("Segment: " + e.getMessage());
            System.exit(2);
        }
    }

    static List<Path> run(String[] args) throws IOException {
        Flags.Parsed parsed = Flags.parse("Segment", "Segments one image with a model: class and instance label "
                + "images, ROIs and object counts.", SPEC, new String[] {"IMAGE", "any file ImageJ opens (TIFF, "
                + "PNG, ...), a NIfTI volume, or a folder of DICOM slices"}, args);
        if (parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("no input image given; --help shows the options");
        }
        Path image = Path.of(parsed.positional().get(0));
        SegmentFlags flags = new SegmentFlags(parsed.values());
        String outText = parsed.values().optionalText(SegmentFlags.OUT);
        Path out = Path.of(outText == null ? DEFAULT_OUT : outText);
        boolean stream = parsed.values().flag(STREAM);
        if (!Files.exists(image)) {
            throw new IllegalArgumentException("input image not found: " + image.toAbsolutePath());
        }
        String base = FileNames.stem(image.getFileName().toString());
        outputFolder(out);
        if (!flags.overwrite()) {
            Path folder = out;
            List<String> existing = outputs(image, out, base, flags.settings()).stream().filter(Files::exists)
                    .map(p -> folder.relativize(p).toString()).toList();
            if (!existing.isEmpty()) {
                throw new IllegalArgumentException("outputs for " + image.getFileName() + " exist in "
                        + out.toAbsolutePath() + " (" + String.join(", ", existing)
                        + "); --overwrite replaces them, or choose another --out");
            }
        }
        ImagePlus imp = flags.open(image, stream);
        System.out.println("Writing to " + out.toAbsolutePath());
        if (stream) {
            return stream(imp, flags, image, out, base);
        }
        ImageSegmentation.Output result;
        try (SegmentationModel m = flags.openModel()) {
            System.out.printf("Segmenting %s (%dx%d, %d plane(s)) with model '%s'%n", image,
                    imp.getWidth(), imp.getHeight(), imp.getStackSize(), m.descriptor().name);
            result = ImageSegmentation.run(imp, m, flags.settings(), new ConsoleProgress());
        }
        List<Path> written = writeOutputs(result, image, out, base);
        System.out.printf("%s: %s, %d ROIs, on %s, tile %d px, %.2f s (%s)%n", image.getFileName(),
                result.summary().countsText(), result.rois().size(), result.summary().device(),
                result.summary().tileSide(), result.summary().millis() / 1000.0, result.summary().times());
        return written;
    }

    /** Makes the output folder, or says why it cannot be one (a file of that name, no permission, ...). */
    static Path outputFolder(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out.toAbsolutePath() + " is a file, not a folder");
        }
        try {
            Files.createDirectories(out);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("--out " + out.toAbsolutePath() + ": permission denied ("
                    + e.getFile() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out.toAbsolutePath() + " cannot be created: " + e);
        }
        if (!Files.isWritable(out)) {
            throw new IllegalArgumentException("--out " + out.toAbsolutePath() + ": permission denied (not writable)");
        }
        return out;
    }

    /** Every file a run on {@code input} writes into {@code out} ({@link OutputLayout}). */
    static List<Path> outputs(Path input, Path out, String base, Pipeline.Settings settings) {
        OutputLayout layout = new OutputLayout(out);
        List<Path> files = new ArrayList<>(List.of(layout.labels(OutputLayout.CLASSES, base, input),
                layout.labels(OutputLayout.INSTANCES, base, input)));
        if (settings.probabilities()) {
            files.add(layout.file(OutputLayout.PROBABILITIES, base, ".tif"));
        }
        if (settings.panoptic()) {
            files.add(layout.file(OutputLayout.PANOPTIC, base, ".tif"));
        }
        files.add(layout.rois(base));
        files.add(layout.counts(base));
        return files;
    }

    /**
     * Writes a segmentation's class and instance images (NIfTI for a NIfTI input, else TIFF; probabilities /
     * panoptic as TIFF when computed), its ROI set and its object counts into {@code out}, named
     * {@code base-...}; never over {@code input}. Returns the files.
     */
    static List<Path> writeOutputs(ImageSegmentation.Output result, Path input, Path out, String base)
            throws IOException {
        OutputLayout layout = new OutputLayout(out);
        List<Path> written = new ArrayList<>();
        for (ImagePlus labels : List.of(result.classes(), result.instances())) {
            String kind = labels == result.classes() ? OutputLayout.CLASSES : OutputLayout.INSTANCES;
            Path file = OutputLayout.prepare(ImageFiles.notInput(layout.labels(kind, base, input), input));
            if (Nifti.isNifti(input)) {
                ImageFiles.saveNifti(labels, file, true);
            } else {
                saveTiff(labels, file, input);
            }
            written.add(file);
        }
        if (result.probabilities() != null) {
            written.add(saveTiff(result.probabilities(), layout.file(OutputLayout.PROBABILITIES, base, ".tif"), input));
        }
        if (result.panoptic() != null) {
            written.add(saveTiff(result.panoptic(), layout.file(OutputLayout.PANOPTIC, base, ".tif"), input));
        }
        Path zip = OutputLayout.prepare(ImageFiles.notInput(layout.rois(base), input));
        Rois.writeZip(result.rois(), zip);
        written.add(zip);
        Path csv = writeCounts(result.summary(), input, layout.counts(base));
        written.add(csv);
        return written;
    }

    /** Segment Image plane by plane, each plane's results written as they come ({@link StreamedSegmentation}). */
    private static List<Path> stream(ImagePlus imp, SegmentFlags flags, Path image, Path out, String base)
            throws IOException {
        var files = StreamedSegmentation.Outputs.in(out, base, image);
        Pipeline.Summary result;
        try (SegmentationModel m = flags.openModel()) {
            System.out.printf("Segmenting %s (%dx%d, %d plane(s)) plane by plane with model '%s'%n", image,
                    imp.getWidth(), imp.getHeight(), imp.getStackSize(), m.descriptor().name);
            result = StreamedSegmentation.run(imp, m, flags.settings(), files, new ConsoleProgress());
        }
        Path csv = writeCounts(result, image, new OutputLayout(out).counts(base));
        System.out.printf("%s: %s, %d ROIs, on %s, tile %d px, %.2f s (%s)%n", image.getFileName(),
                result.countsText(), result.objects(), result.device(), result.tileSide(), result.millis() / 1000.0,
                result.times());
        return List.of(files.classes(), files.instances(), files.rois(), csv);
    }

    /**
     * Objects per class, and whether they were counted per volume (3D objects) or per plane: a row per class with
     * frame "all", and for a time series one per class and frame (from 1) before it.
     */
    private static Path writeCounts(Pipeline.Summary summary, Path input, Path file) throws IOException {
        OutputLayout.prepare(ImageFiles.notInput(file, input));
        StringBuilder sb = new StringBuilder("image,class,frame,count,counted\n");
        String image = csv(input.getFileName().toString());
        Map<String, Integer> totals = summary.objectCounts();
        summary.perFrame().forEach((name, frames) -> {
            for (int f = 0; frames.length > 1 && f < frames.length; f++) {
                sb.append(String.join(",", image, name, String.valueOf(f + 1), String.valueOf(frames[f]),
                        summary.counted())).append('\n');
            }
            sb.append(String.join(",", image, name, "all", String.valueOf(totals.get(name)), summary.counted()))
                    .append('\n');
        });
        return AtomicFiles.writeString(file, sb.toString());
    }

    private static Path saveTiff(ImagePlus imp, Path file, Path input) throws IOException {
        return ImageFiles.save(imp, OutputLayout.prepare(ImageFiles.notInput(file, input)));
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
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
