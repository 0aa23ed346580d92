package io.pixelwise.spark;

import io.pixelwise.cli.Batch;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.zoo.ModelRdf;
import io.pixelwise.model.SegmentationModel;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one executor JVM: each loaded the first time a task asks for it, then shared by every task of
 * that executor (a TensorFlow session runs concurrent calls safely), closed when the JVM ends. A model travels to
 * executors as files ({@code SparkContext.addFile}) and is never serialized as a Java object.
 */
final class ExecutorModels {

    private static final Map<String, SegmentationModel> MODELS = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "close Pixelwise models"));
    }

    private ExecutorModels() {
    }

    /**
     * Adds the files a model needs for inference (descriptor, graph, weights) to the job, one by one (Spark ships no
     * local folder to a cluster), a zoo package's one .zip, or every file of an unpacked package (its rdf.yaml names
     * weights, test tensors and documents by path); returns their paths relative to the folder, for {@link #get} to
     * rebuild it.
     */
    static List<String> ship(Path folder, SparkContext sc) throws IOException {
        if (Files.isRegularFile(folder)) {
            // a BioImage Model Zoo package: one file, opened as it is on the executor
            sc.addFile(folder.toAbsolutePath().toUri().toString());   // a URI: a "#" in a path is no fragment
            return List.of(folder.getFileName().toString());
        }
        boolean unpackedPackage = !Files.isRegularFile(folder.resolve("saved_model.pb"));
        List<String> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                String relative = folder.relativize(f).toString().replace('\\', '/');
                if (!unpackedPackage && !relative.equals(ModelDescriptor.FILE_NAME)
                        && !ModelRdf.FILE_NAMES.contains(relative)
                        && !relative.equals("saved_model.pb")
                        && !relative.startsWith("variables/")) {
                    continue;   // cards, samples, logs: not needed to segment
                }
                if (!names.add(f.getFileName().toString())) {
                    throw new IOException("Model " + folder + " has two files named " + f.getFileName());
                }
                sc.addFile(f.toAbsolutePath().toUri().toString());
                files.add(relative);
            }
        }
        return files;
    }

    /**
     * This JVM's copy of model {@code name} (its {@code files} as {@link #ship} listed them), loaded the first
     * time: the shipped files are laid out as the model folder again, in a folder of this executor.
     */
    static synchronized SegmentationModel get(Batch.Worker worker, String name, List<String> files, int threads) {
        return MODELS.computeIfAbsent(name, n -> {
            try {
                Path folder = Files.createDirectories(Path.of(SparkFiles.getRootDirectory(), "pixelwise-models", n));
                for (String relative : files) {
                    Path target = folder.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(Path.of(SparkFiles.get(Path.of(relative).getFileName().toString())), target,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                LOADS.incrementAndGet();
                boolean zip = files.size() == 1 && files.get(0).toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
                return worker.openModel(zip ? folder.resolve(files.get(0)) : folder, threads);
            } catch (IOException e) {
                throw new UncheckedIOException("Model '" + n + "' could not be laid out on this executor", e);
            }
        });
    }

    /** How many models this JVM has loaded (once per model folder, whatever the number of tasks). */
    static int loads() {
        return LOADS.get();
    }

    private static synchronized void closeAll() {
        MODELS.values().forEach(SegmentationModel::close);
        MODELS.clear();
    }
}
