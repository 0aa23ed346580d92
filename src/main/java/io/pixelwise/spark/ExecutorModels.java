package io.pixelwise.spark;

import io.pixelwise.cli.Batch;
import io.pixelwise.model.SegmentationModel;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one executor JVM: each loaded the first time a task asks for it, then shared by every task of
 * that executor (a TensorFlow session runs concurrent calls safely), closed when the JVM ends. A model travels to
 * executors as files ({@code SparkContext.addFile}) and is never serialized as a Java object.
 */
final class ExecutorModels {

    private static final Map<Path, SegmentationModel> MODELS = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "close Pixelwise models"));
    }

    private ExecutorModels() {
    }

    static synchronized SegmentationModel get(Batch.Worker worker, Path folder, int threads) {
        return MODELS.computeIfAbsent(folder, f -> {
            LOADS.incrementAndGet();
            return worker.openModel(f, threads);
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
