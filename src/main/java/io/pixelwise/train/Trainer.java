package io.pixelwise.train;

import io.pixelwise.model.Sessions;
import io.pixelwise.progress.Progress;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Trains a {@link UNet} with Adam on softmax cross-entropy, weighted per class so thin or rare classes count.
 * Cross-entropy uses dense one-hot targets: TensorFlow's C API has no gradient for the sparse variant.
 */
public final class Trainer implements AutoCloseable {

    public record Settings(UNet.Config net, int patch, int batch, float learningRate, float[] classWeights,
                           long seed, int threads) {
        public Settings {
            if (classWeights.length != net.classes()) {
                throw new IllegalArgumentException(classWeights.length + " class weights for " + net.classes()
                        + " classes");
            }
            if (patch % net.sizeDivisor() != 0) {
                throw new IllegalArgumentException("patch size " + patch + " is not a multiple of "
                        + net.sizeDivisor());
            }
        }
    }

    private final Settings settings;
    private final Graph graph = new Graph();
    private final Session session;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> target;
    private final Operand<TFloat32> loss;
    private final Op step;

    public Trainer(Settings settings) {
        this.settings = settings;
        Ops tf = Ops.create(graph);
        UNet.Config c = settings.net();
        input = tf.withName("image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, c.inputChannels())));
        target = tf.withName("target").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1, -1)));
        long[] seed = {settings.seed()};
        Operand<TFloat32> logits = UNet.logits(tf, input, c, (name, shape, fanIn) -> {
            Operand<TFloat32> init = fanIn == 0
                    ? tf.zeros(tf.constant(shape), TFloat32.class)
                    : tf.math.mul(tf.random.truncatedNormal(tf.constant(shape), TFloat32.class,
                            org.tensorflow.op.random.TruncatedNormal.seed(seed[0]++)),
                    tf.constant((float) Math.sqrt(2.0 / fanIn)));
            Variable<TFloat32> v = tf.withName(name).variable(init);
            variables.put(name, v);
            return v;
        });
        Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, c.classes()}));
        Operand<TFloat32> oneHot = tf.reshape(
                tf.oneHot(target, tf.constant(c.classes()), tf.constant(1f), tf.constant(0f)),
                tf.constant(new int[] {-1, c.classes()}));
        Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, oneHot).loss();
        Operand<TFloat32> w = tf.reduceSum(tf.math.mul(oneHot, tf.constant(settings.classWeights())),
                tf.constant(1));
        loss = tf.withName("loss").math.div(tf.reduceSum(tf.math.mul(ce, w), tf.constant(0)),
                tf.reduceSum(w, tf.constant(0)));
        step = new Adam(graph, settings.learningRate()).minimize(loss);
        session = new Session(graph, Sessions.config(settings.threads(), 0));
        session.initialize();
    }

    /**
     * Runs {@code steps} optimiser steps on patches from {@code sampler}; {@code log} receives (step, mean loss)
     * every {@code logEvery} steps.
     */
    public void train(PatchSampler sampler, int steps, int logEvery, Progress progress, BiConsumer<Integer, Double> log) {
        int n = settings.batch();
        int p = settings.patch();
        float[] x = new float[n * p * p];
        int[] y = new int[n * p * p];
        double sum = 0;
        int count = 0;
        for (int s = 1; s <= steps; s++) {
            progress.checkCanceled();
            sampler.fill(x, y, n);
            try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, p, p, 1), DataBuffers.of(x, true, false));
                 TInt32 yt = TInt32.tensorOf(Shape.of(n, p, p), DataBuffers.of(y, true, false));
                 var result = session.runner().feed(input, xt).feed(target, yt).addTarget(step).fetch(loss).run()) {
                sum += ((TFloat32) result.get(0)).getFloat();
                count++;
            }
            if (s % logEvery == 0 || s == steps) {
                log.accept(s, sum / count);
                sum = 0;
                count = 0;
            }
            progress.fraction((double) s / steps);
        }
    }

    /** Current weight values by name, in the order {@link UNet#weights} lists them. */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            try (var r = session.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
