package io.pixelwise.spark;

import io.pixelwise.cli.Batch;
import io.pixelwise.cli.Flags;
import io.pixelwise.io.CsvTables;
import io.pixelwise.io.FileNames;
import io.pixelwise.io.OutputLayout;
import io.pixelwise.model.Models;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Batch segmentation on Apache Spark: the images of a folder, a glob or a manifest (a text file of paths, one per
 * line, or a CSV whose first column is the path) on any Hadoop file system, each segmented by the same code as Batch ({@link Batch.Worker}) with the same
 * flags, into the same output folder layout, written the same way (temporary name, then rename: a retried or
 * speculative task never leaves a half file; a rerun skips images whose outputs are complete). The model travels
 * to executors as files and is loaded once per executor JVM. Tables: {@code images.parquet} / {@code images.csv}
 * (one row per image: status, error, objects, seconds, the executor that did it) and {@code objects.parquet} /
 * {@code objects.csv} (one row per object: image, label, class, area, centroid); a failing image is a row, never
 * a failed job. Without {@code --master} (and outside spark-submit) it runs on this machine, {@code local[*]}.
 */
public final class SparkBatch {

    static final String MASTER = "master";
    static final String REPORT = "report";

    public static final OptionSpec SPEC = Batch.SPEC.with("SparkBatch", List.of(
            Option.text(MASTER, "Master", "", "Spark master URL (default: spark-submit's, else local[*])")
                    .only(Front.CLI),
            Option.integer(REPORT, "Report", 10, 1, 3600, "seconds between progress lines (images/s, ETA)")
                    .only(Front.CLI)));

    static final StructType IMAGES = new StructType()
            .add("file", DataTypes.StringType).add("status", DataTypes.StringType)
            .add("objects", DataTypes.IntegerType).add("counted", DataTypes.StringType)
            .add("message", DataTypes.StringType).add("seconds", DataTypes.DoubleType)
            .add("executor", DataTypes.StringType).add("model_loads", DataTypes.IntegerType);
    static final StructType OBJECTS = new StructType()
            .add("image", DataTypes.StringType).add("label", DataTypes.IntegerType)
            .add("class", DataTypes.StringType).add("slice", DataTypes.IntegerType)
            .add("frame", DataTypes.IntegerType).add("pixels", DataTypes.LongType)
            .add("area", DataTypes.DoubleType).add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
            .add("unit", DataTypes.StringType);

    private SparkBatch() {
    }

    public static void main(String[] args) {
        io.pixelwise.cli.NativeLogs.quietOrReturn(SparkBatch.class, args);
        if (!java.util.Arrays.asList(args).contains("--verbose")) {
            // Spark's own INFO lines (start-up, block managers) drown the progress; its warnings stay.
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        }
        try {
            List<Row> rows = run(args);
            if (rows.stream().anyMatch(r -> r.getString(1).equals("failed"))) {
                System.exit(1);   // as Batch: some images failed (each row says why); the rest are done
            }
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | IOException | io.pixelwise.model.ModelException e) {
            System.err.println("SparkBatch: " + e.getMessage());
            System.exit(2);
        }
    }

    /** One image as a task gets it: its URI (escaped: spaces as %20) and, when it may not be segmented, why. */
    record Item(String uri, String clash) implements Serializable {
    }

    /** What a task did with one image: its row and its objects' rows. */
    record Done(Row image, List<Row> objects) implements Serializable {
    }

    /** Runs the job; returns the image table's rows (collected) for the caller. */
    public static List<Row> run(String[] args) throws IOException {
        Flags.Parsed parsed = Flags.parse("SparkBatch", "Segments every image of a folder, glob or manifest on "
                + "Apache Spark, as Batch does on one machine.", SPEC, new String[] {"INPUT", "a folder, a glob "
                + "(data/*.png) or a manifest (.txt, one path per line), on any Hadoop file system URI"}, args);
        OptionSpec.Values v = parsed.values();
        if (parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("no input given (a folder, a glob or a manifest); --help shows the "
                    + "options");
        }
        String[] workerArgs = withoutSparkFlags(args);
        Batch.Worker worker = new Batch.Worker(workerArgs);
        Path modelFolder = Models.resolve(worker.modelName(), List.of()).toAbsolutePath();
        Models.descriptor(modelFolder);   // fails here, before any task
        Files.createDirectories(worker.out());

        SparkConf conf = new SparkConf().setAppName("Pixelwise SparkBatch");
        String master = v.optionalText(MASTER);
        if (master != null || !conf.contains("spark.master")) {
            conf.setMaster(master != null ? master : "local[*]");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            jsc.setLogLevel("WARN");
            List<Item> items = list(parsed.positional().get(0), jsc.hadoopConfiguration());
            if (items.isEmpty()) {
                throw new IllegalArgumentException("no files in " + parsed.positional().get(0));
            }
            List<String> modelFiles = ExecutorModels.ship(modelFolder, jsc.sc());
            LongAccumulator done = jsc.sc().longAccumulator("images");
            int threads = v.integer(SegmentOptions.THREADS);
            JavaRDD<Done> results = jsc.parallelize(items, partitions(items.size(), jsc.defaultParallelism()))
                    .mapPartitions(new Segment(workerArgs, modelFolder.getFileName().toString(), modelFiles, threads,
                            done))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            System.out.printf("SparkBatch: %d image(s) from %s with model '%s' on %s%n", items.size(),
                    parsed.positional().get(0), modelFolder.getFileName(), jsc.master());
            Thread progress = progress(done, items.size(), v.integer(REPORT));
            long t0 = System.nanoTime();
            // The segmentation runs here, as a plain RDD job (SQL jobs see a session's files, not the context's
            // model files); the tables below read the persisted results.
            results.count();
            progress.interrupt();
            Dataset<Row> images = spark.createDataFrame(results.map(Done::image), IMAGES);
            Dataset<Row> objects = spark.createDataFrame(results.flatMap(d -> d.objects().iterator()), OBJECTS);
            // Spark reads a path string unescaped: "out 2", not the URI's "out%202" (a folder of that name)
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(worker.out().toAbsolutePath().toUri());
            images.coalesce(1).write().mode(SaveMode.Overwrite).parquet(in(out, "images.parquet"));
            images.coalesce(1).write().mode(SaveMode.Overwrite).option("header", true).csv(in(out, "images.csv"));
            objects.write().mode(SaveMode.Overwrite).parquet(in(out, "objects.parquet"));
            objects.coalesce(1).write().mode(SaveMode.Overwrite).option("header", true).csv(in(out, "objects.csv"));
            List<Row> rows = images.collectAsList();
            long ok = rows.stream().filter(r -> r.getString(1).equals("done")).count();
            long skipped = rows.stream().filter(r -> r.getString(1).equals("skipped")).count();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "SparkBatch: %d done, %d skipped, %d failed in %.1f s (%.2f images/s); "
                            + "tables images.parquet, images.csv, objects.parquet, objects.csv in %s%n", ok, skipped,
                    rows.size() - ok - skipped, seconds, ok / seconds, worker.out().toAbsolutePath());
            results.unpersist();
            return rows;
        } finally {
            spark.stop();
        }
    }

    /**
     * Tasks of at most {@link #IMAGES_PER_TASK} images (and at least 4 per core): small enough that the cores stay
     * busy to the end and progress (counted as tasks finish) moves smoothly; an image takes about a second, a task
     * costs Spark milliseconds.
     */
    static int partitions(int images, int cores) {
        return Math.max(1, Math.min(images, Math.max(cores * 4, (images + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK)));
    }

    static final int IMAGES_PER_TASK = 4;

    /** The images of a folder (not hidden, not in subfolders), a glob, or a manifest's paths. */
    static List<Item> list(String input, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
        FileSystem fs = p.getFileSystem(conf);
        List<String> uris = new ArrayList<>();
        if (input.contains("*") || input.contains("?") || input.contains("[")) {
            FileStatus[] found;
            try {
                found = fs.globStatus(p);
            } catch (IllegalArgumentException e) {
                // Hadoop's glob fails on a ':' in any file name it passes (HADOOP-3257); a folder lists such files
                throw new IllegalArgumentException("cannot expand the glob " + input + ": Hadoop cannot list "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                        + " (a ':' in a file name); give the folder or a manifest of the files instead", e);
            }
            for (FileStatus s : found == null ? new FileStatus[0] : found) {
                if (s.isFile()) {
                    uris.add(s.getPath().toUri().toString());
                }
            }
        } else if (!fs.exists(p)) {
            throw new IllegalArgumentException("input not found: " + input);
        } else if (fs.getFileStatus(p).isDirectory()) {
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isFile() && !s.getPath().getName().startsWith(".")) {
                    uris.add(s.getPath().toUri().toString());
                }
            }
        } else {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(p),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                boolean csv = p.getName().toLowerCase(Locale.ROOT).endsWith(".csv");
                boolean first = true;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (first && line.startsWith("\uFEFF")) {
                        line = line.substring(1);           // a byte order mark (Excel's "CSV UTF-8")
                    }
                    String path = csv ? firstField(line) : line.trim();
                    boolean header = csv && first && List.of("path", "file", "filename", "image")
                            .contains(path.toLowerCase(Locale.ROOT));
                    first = false;
                    if (!path.isEmpty() && !path.startsWith("#") && !header) {
                        org.apache.hadoop.fs.Path entry = new org.apache.hadoop.fs.Path(path);
                        uris.add((entry.isAbsolute() ? entry : new org.apache.hadoop.fs.Path(p.getParent(), path))
                                .makeQualified(fs.getUri(), fs.getWorkingDirectory()).toUri().toString());
                    }
                }
            }
        }
        uris.sort(null);
        List<String> names = uris.stream().map(SparkBatch::fileName).toList();
        List<Item> items = new ArrayList<>();
        for (String u : uris) {
            items.add(new Item(u, Batch.clash(fileName(u), names)));
        }
        return items;
    }

    private static String in(org.apache.hadoop.fs.Path folder, String name) {
        return new org.apache.hadoop.fs.Path(folder, name).toString();
    }

    /** The file name an item's URI ends in, decoded ({@code benign (12).png}, not {@code benign%20(12).png}). */
    static String fileName(String uri) {
        return new org.apache.hadoop.fs.Path(URI.create(uri)).getName();
    }

    /** The first field of a CSV line (quotes removed). */
    static String firstField(String line) {
        String t = line.trim();
        if (t.startsWith("\"")) {
            int end = t.indexOf('"', 1);
            return end < 0 ? t.substring(1) : t.substring(1, end);
        }
        int comma = t.indexOf(',');
        return (comma < 0 ? t : t.substring(0, comma)).trim();
    }

    /** The task: segments each image of its partition with this executor's model. */
    static final class Segment implements FlatMapFunction<Iterator<Item>, Done> {
        private final String[] workerArgs;
        private final String model;
        private final List<String> modelFiles;
        private final int threads;
        private final LongAccumulator done;

        Segment(String[] workerArgs, String model, List<String> modelFiles, int threads, LongAccumulator done) {
            this.workerArgs = workerArgs;
            this.model = model;
            this.modelFiles = List.copyOf(modelFiles);
            this.threads = threads;
            this.done = done;
        }

        @Override
        public Iterator<Done> call(Iterator<Item> items) {
            Batch.Worker worker = new Batch.Worker(workerArgs);
            // TensorFlow threads x tasks at once <= the executor's cores: each task gets spark.task.cpus threads.
            int intraOp = threads > 0 ? threads : SparkEnv.get().conf().getInt("spark.task.cpus", 1);
            var segmentation = ExecutorModels.get(worker, model, modelFiles, intraOp);
            String executor = SparkEnv.get().executorId() + "@" + ProcessHandle.current().pid();
            List<Done> out = new ArrayList<>();
            while (items.hasNext()) {
                Item item = items.next();
                long t0 = System.nanoTime();
                String name = fileName(item.uri());
                Batch.Outcome o;
                if (item.clash() != null) {
                    o = new Batch.Outcome(name, "failed", 0, "", item.clash());
                } else {
                    o = segment(worker, item.uri(), name, segmentation);
                }
                boolean failed = o.status().equals("failed");
                List<Row> objectRows = failed ? List.of() : objectRows(worker.out(), name);
                out.add(new Done(RowFactory.create(name, o.status(), failed ? null : o.objects(),
                        o.counted(), o.message(), (System.nanoTime() - t0) / 1e9, executor, ExecutorModels.loads()),
                        objectRows));
                done.add(1);
            }
            return out.iterator();
        }

        private static Batch.Outcome segment(Batch.Worker worker, String uri, String name,
                                             io.pixelwise.model.SegmentationModel model) {
            Path local = null;
            try {
                URI u = URI.create(uri);
                if (u.getScheme() == null || u.getScheme().equals("file")) {
                    // Path.of(URI) takes non-ASCII letters only percent-encoded ("é" as %C3%A9)
                    Path file = u.getScheme() == null ? Path.of(u.getPath()) : Path.of(URI.create(u.toASCIIString()));
                    if (!Files.exists(file)) {
                        return new Batch.Outcome(name, "failed", 0, "", "file not found: " + file);
                    }
                    return worker.segment(file, model, t -> { });
                }
                // Another file system (hdfs://, s3a://): a local copy, named as the original, read and deleted.
                local = Files.createTempDirectory("pixelwise-input").resolve(name);
                org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(u);
                src.getFileSystem(new Configuration()).copyToLocalFile(false, src,
                        new org.apache.hadoop.fs.Path(local.toUri()), true);
                return worker.segment(local, model, t -> { });
            } catch (IOException | RuntimeException e) {
                return new Batch.Outcome(name, "failed", 0, "", e.getMessage() == null ? e.toString()
                        : e.getMessage());
            } finally {
                if (local != null) {
                    try {
                        Files.deleteIfExists(local);
                        Files.deleteIfExists(local.getParent());
                    } catch (IOException ignored) {
                        // a temporary copy; the system cleans its temp folder
                    }
                }
            }
        }
    }

    /** The objects Batch measured for {@code name} (tables/X-regions.csv), as rows of {@link #OBJECTS}. */
    static List<Row> objectRows(Path out, String name) {
        Path csv = new OutputLayout(out).file(OutputLayout.TABLES, FileNames.stem(name), "-regions.csv");
        List<Row> rows = new ArrayList<>();
        try {
            CsvTables.Table t = CsvTables.read(csv);
            String area = t.column("Area");
            String x = t.column("X");
            String y = t.column("Y");
            String unit = t.unit("X");
            for (Map<String, String> r : t.rows()) {
                rows.add(RowFactory.create(name, Integer.parseInt(r.get("Label")), r.get("Class"),
                        Integer.parseInt(r.get("Slice")), Integer.parseInt(r.get("Frame")),
                        Long.parseLong(r.get("Pixels")), number(r, area), number(r, x), number(r, y), unit));
            }
        } catch (IOException | RuntimeException e) {
            // no table (no objects measured): no object rows; the image row says what happened
        }
        return rows;
    }

    private static Double number(Map<String, String> row, String column) {
        return column == null || row.get(column) == null ? null : Double.valueOf(row.get(column));
    }

    /** The job's arguments without the ones only the driver knows (--master, --report). */
    static String[] withoutSparkFlags(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--" + MASTER) || a.equals("--" + REPORT)) {
                i++;
            } else if (!a.startsWith("--" + MASTER + "=") && !a.startsWith("--" + REPORT + "=")) {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    /** A line every {@code seconds} with images done, images/s and the time left, until interrupted. */
    private static Thread progress(LongAccumulator done, int total, int seconds) {
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(seconds * 1000L);
                    long n = done.value();
                    double s = (System.nanoTime() - t0) / 1e9;
                    double rate = n / s;
                    System.out.printf(Locale.ROOT, "SparkBatch: %d of %d images, %.2f images/s, about %s left%n", n,
                            total, rate, rate > 0 ? Math.round((total - n) / rate) + " s" : "?");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "SparkBatch progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
