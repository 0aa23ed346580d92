package io.pixelwise.bench;

import io.pixelwise.cli.Batch;
import io.pixelwise.spark.LocalCluster;
import io.pixelwise.spark.SparkBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * SparkBatch against Batch on the same DSB 2018 images, same model, same machine, in one run (the baseline is
 * Batch with as many workers as Spark has cores): throughput ratio, Spark's fixed start-up cost (a run on 2
 * images), and 1 vs 2 executor JVMs of 1 core each (local-cluster, child JVMs with a stand-in SPARK_HOME).
 * Usage: {@code SparkBenchmark [IMAGES] [DSB_IMAGES_FOLDER]}, Spark's JVM flags and SPARK_LOCAL_IP=127.0.0.1 set
 * (see BENCHMARKS.md); prints a Markdown table.
 */
public final class SparkBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dsb = Path.of(args.length > 1 ? args[1] : "../shared/data/dsb2018_nuclei/images");
        Path work = Files.createTempDirectory("spark-bench");
        Path input = Files.createDirectories(work.resolve("in"));
        Path two = Files.createDirectories(work.resolve("two"));
        try (Stream<Path> s = Files.list(dsb)) {
            List<Path> images = s.sorted().limit(n).toList();
            for (Path p : images) {
                Files.createSymbolicLink(input.resolve(p.getFileName()), p.toAbsolutePath());
            }
            for (Path p : images.subList(0, 2)) {
                Files.createSymbolicLink(two.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        double batch = seconds(() -> Batch.run(new String[] {input.toString(), "--out", work.resolve("b").toString(),
                "--workers", "2"}));
        double spark = seconds(() -> SparkBatch.run(new String[] {input.toString(), "--out",
                work.resolve("s").toString(), "--master", "local[2]"}));
        double startup = seconds(() -> SparkBatch.run(new String[] {two.toString(), "--out",
                work.resolve("s2").toString(), "--master", "local[2]"}));
        double one = cluster(work, input, 1);
        double twoExecutors = cluster(work, input, 2);
        System.out.printf(Locale.ROOT, "| run | seconds | images/s | ratio |%n|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| Batch --workers 2 (baseline) | %.1f | %.2f | 1.00 |%n", batch, n / batch);
        System.out.printf(Locale.ROOT, "| SparkBatch local[2] | %.1f | %.2f | %.2f |%n", spark, n / spark, batch / spark);
        System.out.printf(Locale.ROOT, "| SparkBatch local[2] on 2 images (fixed cost) | %.1f | | |%n", startup);
        System.out.printf(Locale.ROOT, "| local-cluster, 1 executor x 1 core | %.1f | %.2f | |%n", one, n / one);
        System.out.printf(Locale.ROOT, "| local-cluster, 2 executors x 1 core | %.1f | %.2f | scaling efficiency "
                + "%.2f |%n", twoExecutors, n / twoExecutors, one / twoExecutors / 2);
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double seconds(Run r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** SparkBatch on {@code executors} executor JVMs of one core each, in a child JVM; its wall time. */
    private static double cluster(Path work, Path input, int executors) throws Exception {
        Path log = work.resolve("cluster" + executors + ".log");
        long t0 = System.nanoTime();
        int code = LocalCluster.start(work, "local-cluster[" + executors + ",1,1536]", List.of(input.toString(),
                "--out", work.resolve("c" + executors).toString()), log).waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("local-cluster run failed (exit " + code + "), see " + log);
        }
        return s;
    }
}
