package io.pixelwise.spark;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SparkBatch in a child JVM on Spark's {@code local-cluster} master: real executor JVMs on this machine, on
 * loopback. Spark launches executors from a SPARK_HOME, so a stand-in one is made whose {@code jars/} link this
 * JVM's class path jars; the class folders go on the executors' extra class path, and the JVM options Spark needs
 * (as this JVM got them) on theirs.
 */
public final class LocalCluster {

    private LocalCluster() {
    }

    /** The JVM options Spark needs, as this JVM got them (surefire's argLine, or the benchmark's command). */
    public static List<String> sparkFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList();
    }

    /** Starts SparkBatch with {@code args} on {@code master} (e.g. local-cluster[2,1,1024]), output into {@code log}. */
    public static Process start(Path work, String master, List<String> args, Path log) throws IOException {
        Path home = Files.createDirectories(work.resolve("spark-home/jars"));
        List<String> classes = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar")) {
                Path link = home.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p);
                }
            } else {
                classes.add(p.toString());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(sparkFlags());
        cmd.addAll(List.of("-Dspark.executor.extraClassPath=" + String.join(File.pathSeparator, classes),
                "-Dspark.executor.extraJavaOptions=" + String.join(" ", sparkFlags()),
                "-cp", System.getProperty("java.class.path"), SparkBatch.class.getName()));
        cmd.addAll(args);
        cmd.addAll(List.of("--master", master, "--verbose"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.getParent().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }
}
