package io.pixelwise.cli;

import ij.ImagePlus;
import io.pixelwise.command.MeasureRegionsPlugin;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.io.CsvTables;
import io.pixelwise.io.FileNames;
import io.pixelwise.io.OutputLayout;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Command-line batch Segment Image over a folder, the CLI twin of {@code macros/batch_segment.ijm}: per image the
 * class and instance TIFFs, ROI set, object counts and per-object table (Measure Regions), and one
 * {@code summary.csv}. Worker threads share one model (a TensorFlow session runs concurrent calls safely). A file
 * that cannot be read or segmented is reported and the batch goes on; the exit code is 1 when any file failed.
 * Inputs are only read; existing outputs are kept unless {@code --overwrite}.
 */
public final class Batch {

    static final String WORKERS = "workers";

    public static final OptionSpec SPEC = SegmentFlags.spec("Batch",
            Option.folder(SegmentFlags.OUT, "Out", "output folder (required), not the input folder").only(Front.CLI),
            Option.integer(WORKERS, "Workers", 1, 1, 256, "images segmented at once, sharing one model")
                    .only(Front.CLI),
            MeasureRegionsPlugin.SPEC.option(MeasureRegionsPlugin.RING).only(Front.CLI));

    /** What happened to one input file: done, skipped or failed (and why). */
    public record Outcome(String file, String status, int objects, String counted, String message) {
        Outcome(String file, String status, String message) {
            this(file, status, 0, "", message);
        }
    }

    /**
     * Segments files one at a time as Batch does, from Batch's own flags: what a Spark task runs on each of its
     * images ({@code io.pixelwise.spark.SparkBatch}), so both write the same outputs and outcomes.
     */
    public static final class Worker {
        private final SegmentFlags flags;
        private final Path out;

        /** From Batch's command line ({@code --out} required; an input folder may be there or not). */
        public Worker(String[] args) {
            Flags.Parsed parsed = Flags.parse("Batch", "", SPEC, new String[] {"INPUT", "", "1"}, args);
            String outText = parsed.values().optionalText(SegmentFlags.OUT);
            if (outText == null) {
                throw new IllegalArgumentException("--out is needed");
            }
            this.flags = new SegmentFlags(parsed.values());
            this.out = Path.of(outText);
        }

        public Path out() {
            return out;
        }

        /** The model the flags name (a name or folder), or {@code folder} instead when given. */
        public SegmentationModel openModel(Path folder, int threads) {
            return folder == null ? flags.openModel()
                    : SegmentationModel.load(folder, threads, flags.values().integer(SegmentOptions.PARALLEL));
        }

        public String modelName() {
            return flags.values().text(SegmentOptions.MODEL);
        }

        /** Segments and measures {@code file} (a file shares its stem with no other: see {@link #clash}). */
        public Outcome segment(Path file, SegmentationModel model, Consumer<StageTimes> times) {
            return one(file, out, model, flags, flags.overwrite(), times);
        }
    }

    /**
     * Why {@code name} may not be segmented beside the others of its batch, or null: sample.png and sample.tif
     * would write the same outputs, and neither may silently replace the other.
     */
    public static String clash(String name, Collection<String> names) {
        List<String> same = names.stream().filter(n -> !n.equals(name)
                && FileNames.stem(n).equals(FileNames.stem(name))).sorted().toList();
        return same.isEmpty() ? null : "its outputs would have the same names as those of " + String.join(" and ", same)
                + " (" + FileNames.stem(name) + ".*); rename one of them";
    }

    /** Where the segmentations' time went, summed over the workers. */
    private static final class Totals {
        private final StageTimes times = new StageTimes();

        synchronized void add(StageTimes t) {
            times.addAll(t);
        }

        synchronized String line() {
            return times.toString();
        }
    }

    /** Held while a Batch writes into a folder (hidden, so no pairing or listing takes it for a result). */
    static final String LOCK_FILE = ".pixelwise-batch.lock";

    private Batch() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(Batch.class, args);
        try {
            List<Outcome> outcomes;
            try {
                outcomes = run(args);
            } catch (Flags.HelpRequested help) {
                System.out.print(help.getMessage());
                return;
            }
            List<Outcome> failed = outcomes.stream().filter(o -> o.status().equals("failed")).toList();
            if (!failed.isEmpty()) {
                System.err.println("Batch: " + failed.size() + " file(s) failed:");
                failed.forEach(o -> System.err.println("  " + o.file() + ": " + o.message()));
                System.exit(1);
            }
        } catch (IllegalArgumentException | IOException | io.pixelwise.model.ModelException e) {
            System.err.println("Batch: " + e.getMessage());
            System.exit(2);
        }
    }

    public static List<Outcome> run(String[] args) throws IOException {
        Flags.Parsed parsed = Flags.parse("Batch", "Segments every image in a folder: per image the outputs of "
                + "Segment and a per-object table, and one summary.csv.", SPEC, new String[] {"INPUT_FOLDER",
                "images (any file ImageJ opens) and NIfTI volumes; subfolders and hidden files are ignored"}, args);
        String outText = parsed.values().optionalText(SegmentFlags.OUT);
        if (parsed.positional().isEmpty() || outText == null) {
            throw new IllegalArgumentException("an input folder and --out are needed; --help shows the options");
        }
        Path input = Path.of(parsed.positional().get(0));
        Path out = Path.of(outText);
        SegmentFlags flags = new SegmentFlags(parsed.values());
        int workers = parsed.values().integer(WORKERS);
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("input folder not found: " + input.toAbsolutePath());
        }
        Segment.outputFolder(out);
        if (Files.isSameFile(input, out)) {
            throw new IllegalArgumentException("the output folder must differ from the input folder " + input);
        }
        try (FileChannel channel = FileChannel.open(out.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lock(channel, out)) {
            return segmentAll(input, out, workers, flags.overwrite(), flags);
        }
    }

    /**
     * Two Batch runs writing into one folder would both do all the work and replace each other's files; the second
     * stops at once. The operating system releases the lock when a run ends, however it ends (kill -9 included).
     */
    private static FileLock lock(FileChannel channel, Path out) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalArgumentException("another Batch is writing into " + out.toAbsolutePath()
                    + "; wait for it to finish, or choose another --out");
        }
        return lock;
    }

    private static List<Outcome> segmentAll(Path input, Path out, int workers, boolean overwrite, SegmentFlags flags)
            throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(input)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files in " + input.toAbsolutePath());
        }
        List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
        List<Outcome> outcomes = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        Path outFolder = out;
        boolean replace = overwrite;
        Totals totals = new Totals();
        long t0 = System.nanoTime();
        try (SegmentationModel model = flags.openModel()) {
            System.out.printf("Batch: %d file(s) in %s with model '%s', %d worker(s)%n", files.size(), input,
                    model.descriptor().name, workers);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (Path f : files) {
                    String clash = clash(f.getFileName().toString(), names);
                    futures.add(pool.submit(() -> {
                        long started = System.nanoTime();
                        Outcome o = clash != null ? new Outcome(f.getFileName().toString(), "failed", clash)
                                : one(f, outFolder, model, flags, replace, totals::add);
                        System.out.printf(Locale.ROOT, "[%d/%d] %s: %s%s, %.2f s%n", finished.incrementAndGet(),
                                files.size(), o.file(), o.status().equals("done") ? o.objects() + " objects"
                                        : o.status(), o.message().isEmpty() ? "" : " (" + o.message() + ")",
                                (System.nanoTime() - started) / 1e9);
                        return o;
                    }));
                }
                for (Future<Outcome> fu : futures) {
                    outcomes.add(fu.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Batch interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        writeSummary(outcomes, out.resolve("summary.csv"));
        long done = outcomes.stream().filter(o -> o.status().equals("done")).count();
        long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Batch: %d done, %d skipped, %d failed in %.1f s (%.2f images/s segmented); "
                        + "summary in %s%n", done, skipped, outcomes.size() - done - skipped, seconds, done / seconds,
                out.resolve("summary.csv").toAbsolutePath());
        if (done > 0) {
            System.out.println("Batch: time in segmentation, all workers together: " + totals.line());
        }
        return outcomes;
    }

    /** Segments and measures one file; any failure becomes a "failed" outcome with its reason. */
    private static Outcome one(Path file, Path out, SegmentationModel model, SegmentFlags flags, boolean overwrite,
                               Consumer<StageTimes> times) {
        String name = file.getFileName().toString();
        String base = FileNames.stem(name);
        // Every output is written whole or not at all, and the regions table last of all (after the optional
        // tables and plot this list cannot know of), so a complete set means the file was done; a set that a
        // crash or a full disk cut short is done again.
        OutputLayout layout = new OutputLayout(out);
        List<Path> expected = List.of(layout.labels(OutputLayout.CLASSES, base, file),
                layout.labels(OutputLayout.INSTANCES, base, file), layout.rois(base), layout.counts(base),
                layout.file(OutputLayout.TABLES, base, "-regions.csv"));
        if (!overwrite && expected.stream().allMatch(Files::isRegularFile)) {
            Outcome kept = kept(name, layout.counts(base));
            if (kept != null) {
                return kept;
            }
        }
        try {
            if (Files.size(file) == 0) {
                return new Outcome(name, "failed", "empty file");
            }
            ImagePlus imp = flags.open(file, false);
            ImageSegmentation.Output r = ImageSegmentation.run(imp, model, flags.settings(), Progress.NONE);
            times.accept(r.summary().times());
            Segment.writeOutputs(r, file, out, base);
            RegionMeasurement.save(RegionMeasurement.measure(r.instances(), imp, r.classes(),
                            flags.values().number(MeasureRegionsPlugin.RING), Progress.NONE),
                    layout.folder(OutputLayout.TABLES), layout.folder(OutputLayout.PLOTS), base, true);
            int objects = r.summary().objectCounts().values().stream().mapToInt(Integer::intValue).sum();
            return new Outcome(name, "done", objects, r.summary().counted(), "");
        } catch (IOException | RuntimeException e) {
            return new Outcome(name, "failed", e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (OutOfMemoryError e) {
            // This file's arrays are garbage now; the model and the other files are unharmed, so the batch goes on.
            return new Outcome(name, "failed", "out of memory (" + e.getMessage() + "); raise -Xmx or use "
                    + "fewer --workers");
        }
    }

    /**
     * A skipped file's outcome with the numbers of the run that did it, read back from its counts table, so a
     * rerun's summary is as complete as a fresh one; null when that table cannot be read (the file is done again).
     */
    private static Outcome kept(String name, Path counts) {
        try {
            List<Map<String, String>> rows = CsvTables.read(counts, "count").rows();
            int objects = 0;
            for (Map<String, String> row : rows) {
                // a time series also has a row per frame; tables of releases before it have no frame column
                if (row.getOrDefault("frame", "all").equals("all")) {
                    objects += Integer.parseInt(row.get("count"));
                }
            }
            String counted = rows.isEmpty() ? "" : rows.get(0).getOrDefault("counted", "");
            return new Outcome(name, "skipped", objects, counted, "outputs exist; --overwrite replaces them");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeSummary(List<Outcome> outcomes, Path csv) throws IOException {
        StringBuilder sb = new StringBuilder("file,status,objects,counted,message\n");
        for (Outcome o : outcomes) {
            sb.append(Segment.csv(o.file())).append(',').append(o.status()).append(',')
                    .append(o.status().equals("failed") ? "" : String.valueOf(o.objects())).append(',')
                    .append(o.counted()).append(',').append(Segment.csv(o.message())).append('\n');
        }
        AtomicFiles.writeString(csv, sb.toString());
    }
}
