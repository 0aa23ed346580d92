package io.pixelwise.train;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.model.Sessions;
import io.pixelwise.model.TensorLayout;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One U-Net in one TensorFlow session: a training tower (batch statistics, dropout) and an inference tower
 * (moving averages) sharing the same variables, a weighted softmax cross-entropy loss with an optional soft Dice
 * term, and Adam.
 * <p>
 * Optionally the inference tower reads an exponential moving average of the weights (Polyak averaging) instead of
 * the weights themselves: the average moves little from step to step while the trained weights jitter with every
 * batch, so the epoch validation picks and export writes is less a matter of where the last steps happened to land.
 * <p>
 * Adam is built from TensorFlow's {@code ApplyAdam} op with the learning rate and bias corrections fed at every
 * step, so the schedule lives in Java and checkpoints (which hold the moment estimates) resume exactly.
 * Cross-entropy uses dense one-hot targets: TensorFlow's C API has no gradient for the sparse variant.
 */
public final class Trainer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;

    /** @param diceWeight weight of (1 - mean soft Dice over the non-background classes) added to the loss */
    public record Loss(float[] classWeights, float diceWeight) {
    }

    private final UNet.Config config;
    private final Graph graph = new Graph();
    private final Session session;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    /** Moving averages of {@link #variables} by the same names; empty when averaging is off. */
    private final Map<String, Variable<TFloat32>> averages = new LinkedHashMap<>();
    /** Sets every average to its weight (after initialisation and whenever the weights are set from outside). */
    private final List<Op> averageResets = new ArrayList<>();
    /** The averages' decay per step, 0 when off; each step feeds {@link #decayAt} to {@link #averageDecay}. */
    private final double weightAverage;
    private final Placeholder<TFloat32> averageDecay;
    private final Placeholder<TFloat32> trainInput;
    private final Placeholder<TInt32> target;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Operand<TFloat32> loss;
    private final List<Op> stepOps = new ArrayList<>();
    private final Placeholder<TFloat32> inferInput;
    private final Operand<TFloat32> probabilities;
    private long steps;

    /** A trainer without weight averaging or weight decay. */
    public Trainer(UNet.Config config, Loss lossSpec, long seed, int threads) {
        this(config, lossSpec, 0, 0, seed, threads);
    }

    /**
     * @param weightAverage decay per step of the moving average of the weights that inference and {@link #weights}
     *                      use, in [0, 1); 0 = none, they use the weights as trained. Early steps decay faster (see
     *                      {@link #decayAt}).
     * @param weightDecay   decoupled weight decay of the convolution kernels (AdamW): after each Adam step a kernel
     *                      is multiplied by (1 - learning rate x weightDecay); 0 = none. Biases and normalisation
     *                      parameters are not decayed.
     */
    public Trainer(UNet.Config config, Loss lossSpec, double weightAverage, double weightDecay, long seed,
                   int threads) {
        if (!(weightAverage >= 0 && weightAverage < 1)) {
            throw new IllegalArgumentException("weight average decay must be in [0, 1), was " + weightAverage);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weight decay must be in [0, 1), was " + weightDecay);
        }
        if (lossSpec.classWeights().length != config.classes()) {
            throw new IllegalArgumentException(lossSpec.classWeights().length + " class weights for "
                    + config.classes() + " classes");
        }
        this.config = config;
        this.weightAverage = weightAverage;
        if (config.dimensions() == 3) {
            Conv3dGradient.register();
        }
        Ops tf = Ops.create(graph);
        int k = config.classes();
        trainInput = tf.withName("train_image").placeholder(TFloat32.class, Placeholder.shape(config.inputShape()));
        target = tf.withName("target").placeholder(TInt32.class, Placeholder.shape(
                Shape.of(Arrays.copyOf(config.inputShape().asArray(), config.dimensions() + 1))));
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        averageDecay = tf.withName("average_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        long[] nextSeed = {seed};
        UNet.Weights weights = w -> variables.computeIfAbsent(w.name(), n -> tf.withName(n).variable(
                initial(tf, w, nextSeed[0]++)));
        UNet.Tower train = UNet.build(tf, trainInput, config, UNet.Mode.TRAINING, weights);

        Operand<TFloat32> flatLogits = tf.reshape(train.logits(), tf.constant(new int[] {-1, k}));
        Operand<TFloat32> oneHot = tf.reshape(tf.oneHot(target, tf.constant(k), tf.constant(1f), tf.constant(0f)),
                tf.constant(new int[] {-1, k}));
        Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, oneHot).loss();
        Operand<TFloat32> w = tf.reduceSum(tf.math.mul(oneHot, tf.constant(lossSpec.classWeights())), tf.constant(1));
        Operand<TFloat32> total = tf.math.div(tf.reduceSum(tf.math.mul(ce, w), tf.constant(0)),
                tf.reduceSum(w, tf.constant(0)));
        if (lossSpec.diceWeight() > 0) {
            total = tf.math.add(total, tf.math.mul(tf.constant(lossSpec.diceWeight()),
                    tf.math.sub(tf.constant(1f), softDice(tf, tf.nn.softmax(flatLogits), oneHot, k))));
        }
        loss = tf.withName("loss").identity(total);

        List<Variable<TFloat32>> trainable = new ArrayList<>();
        for (UNet.Weight spec : UNet.weights(config)) {
            if (spec.trainable()) {
                trainable.add(variables.get(spec.name()));
            }
        }
        Output<?>[] grads = graph.addGradients(loss.asOutput(),
                trainable.stream().map(Variable::asOutput).toArray(Output<?>[]::new));
        // No variable may change before every gradient is computed: backpropagation reads the kernels again, and an
        // early update would race with it (TensorFlow's Python optimisers gate gradients for the same reason).
        List<Operand<TFloat32>> gradients = new ArrayList<>();
        for (Output<?> g : grads) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gf = (Operand<TFloat32>) g;
            gradients.add(tf.identity(gf));
        }
        Ops gated = tf.withControlDependencies(gradients.stream().map(g -> (Op) g).toList());
        for (int i = 0; i < grads.length; i++) {
            Variable<TFloat32> v = trainable.get(i);
            String name = v.op().name();
            Variable<TFloat32> m = tf.withName(name + ".adam_m").variable(tf.zerosLike(v));
            Variable<TFloat32> s = tf.withName(name + ".adam_v").variable(tf.zerosLike(v));
            Operand<TFloat32> g = gradients.get(i);
            Op update = gated.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate, tf.constant(BETA1),
                    tf.constant(BETA2), tf.constant(EPSILON), g);
            if (weightDecay > 0 && name.endsWith(".kernel")) {
                Ops afterAdam = tf.withControlDependencies(List.of(update));
                update = afterAdam.assign(v, afterAdam.math.mul(v, afterAdam.math.sub(afterAdam.constant(1f),
                        afterAdam.math.mul(learningRate, afterAdam.constant((float) weightDecay)))));
            }
            stepOps.add(update);
        }
        stepOps.addAll(train.updates());
        if (weightAverage > 0) {
            averageWeights(tf);
        }

        inferInput = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(config.inputShape()));
        probabilities = tf.nn.softmax(UNet.build(tf, inferInput, config, UNet.Mode.INFERENCE,
                averages.isEmpty() ? weights : spec -> averages.get(spec.name())).logits());
        session = new Session(graph, Sessions.config(threads, 0));
        session.initialize();
        resetAverages();
    }

    /**
     * An average per weight (batch-norm moving statistics too), updated after every step as average = decay *
     * average + (1 - decay) * weight. Every op of the update depends on the step's ops, so it reads the weights
     * after Adam has changed them.
     */
    private void averageWeights(Ops tf) {
        Ops after = tf.withControlDependencies(List.copyOf(stepOps));
        List<Op> updates = new ArrayList<>();
        for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
            Variable<TFloat32> v = e.getValue();
            Variable<TFloat32> a = tf.withName(e.getKey() + ".average").variable(tf.zerosLike(v));
            averages.put(e.getKey(), a);
            averageResets.add(tf.assign(a, v));
            updates.add(after.assign(a, after.math.add(after.math.mul(a, averageDecay),
                    after.math.mul(v, after.math.sub(after.constant(1f), averageDecay)))));
        }
        stepOps.addAll(updates);
    }

    /**
     * The averages' decay at a step (counted from 1): {@code weightAverage}, but at most (1 + step) / (10 + step), as
     * TensorFlow's ExponentialMovingAverage does with a step count. From random weights the first steps move the
     * network far; a plain 0.999 would still hold half of the random start after 700 steps.
     */
    static double decayAt(double weightAverage, long step) {
        return Math.min(weightAverage, (1.0 + step) / (10.0 + step));
    }

    private void resetAverages() {
        if (!averageResets.isEmpty()) {
            Session.Runner r = session.runner();
            averageResets.forEach(r::addTarget);
            r.run().close();
        }
    }

    private static Operand<TFloat32> initial(Ops tf, UNet.Weight w, long seed) {
        return switch (w.init()) {
            case ZEROS -> tf.zeros(tf.constant(w.shape()), TFloat32.class);
            case ONES -> tf.fill(tf.constant(w.shape()), tf.constant(1f));
            case HE_NORMAL -> tf.math.mul(tf.random.truncatedNormal(tf.constant(w.shape()), TFloat32.class,
                    TruncatedNormal.seed(seed)), tf.constant((float) Math.sqrt(2.0 / w.fanIn())));
        };
    }

    /** Mean over the non-background classes of 2|P∩Y| / (|P| + |Y|), with soft P, smoothed by 1 pixel. */
    private static Operand<TFloat32> softDice(Ops tf, Operand<TFloat32> p, Operand<TFloat32> y, int k) {
        Operand<TFloat32> inter = tf.reduceSum(tf.math.mul(p, y), tf.constant(0));
        Operand<TFloat32> sizes = tf.math.add(tf.reduceSum(p, tf.constant(0)), tf.reduceSum(y, tf.constant(0)));
        Operand<TFloat32> dice = tf.math.div(tf.math.add(tf.math.mul(inter, tf.constant(2f)), tf.constant(1f)),
                tf.math.add(sizes, tf.constant(1f)));
        Operand<TFloat32> foreground = tf.slice(dice, tf.constant(new int[] {1}), tf.constant(new int[] {k - 1}));
        return tf.math.mean(foreground, tf.constant(0));
    }

    public UNet.Config config() {
        return config;
    }

    /** Optimiser steps taken so far (restored with a checkpoint by the caller). */
    public long steps() {
        return steps;
    }

    /**
     * One Adam step on a batch of a 2D network: {@code x} is [n, patch, patch, channels], {@code y} the class per
     * pixel [n, patch, patch]. Returns the batch loss before the update.
     */
    public float step(float[] x, int[] y, int n, int patch, float lr) {
        return step(x, y, n, 1, patch, lr);
    }

    /**
     * One Adam step: {@code x} is [n, slices, patch, patch, channels] for a 3D network ([n, patch, patch, channels]
     * for a 2D one, whose {@code slices} must be 1), {@code y} the class per pixel in the same layout without
     * channels. Returns the batch loss before the update.
     */
    public float step(float[] x, int[] y, int n, int slices, int patch, float lr) {
        if (config.dimensions() == 2 && slices != 1) {
            throw new IllegalArgumentException("a 2D network trains on single planes, not " + slices + " slices");
        }
        steps++;
        Shape labels = config.dimensions() == 3 ? Shape.of(n, slices, patch, patch) : Shape.of(n, patch, patch);
        Session.Runner r = session.runner();
        try (TFloat32 xt = TFloat32.tensorOf(labels.append(config.inputChannels()), DataBuffers.of(x, true, false));
             TInt32 yt = TInt32.tensorOf(labels, DataBuffers.of(y, true, false));
             TFloat32 lrt = TFloat32.scalarOf(lr);
             TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, steps));
             TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, steps));
             TFloat32 decay = TFloat32.scalarOf((float) decayAt(weightAverage, steps))) {
            r.feed(trainInput, xt).feed(target, yt).feed(learningRate, lrt).feed(beta1Power, b1).feed(beta2Power, b2);
            if (weightAverage > 0) {
                r.feed(averageDecay, decay);
            }
            stepOps.forEach(r::addTarget);
            try (var result = r.fetch(loss).run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    /**
     * The network as it is now, in inference mode, for validation through the normal segmentation engine. A 3D
     * network's n planes are one stack, mirrored at its end up to a multiple of the size divisor.
     */
    public Network network(ModelDescriptor descriptor) {
        return new Network() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public float[] predict(float[] input, int n, int height, int width) {
                int c = config.inputChannels();
                if (config.dimensions() == 3) {
                    int depth = (int) TensorLayout.validSize(n, descriptor.input.depth_min,
                            descriptor.input.depth_step, "a stack's depth (slices)");
                    float[] out = run(TensorLayout.padPlanesMirror(input, n, depth, height * width * c),
                            Shape.of(1, depth, height, width, c));
                    return Arrays.copyOf(out, n * height * width * config.classes());
                }
                return run(input, Shape.of(n, height, width, c));
            }

            private float[] run(float[] input, Shape shape) {
                try (TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(input, true, false));
                     var result = session.runner().feed(inferInput, x).fetch(probabilities).run()) {
                    TFloat32 y = (TFloat32) result.get(0);
                    float[] out = new float[(int) y.shape().size()];
                    y.copyTo(DataBuffers.of(out, false, false));
                    return out;
                }
            }

            @Override
            public String device() {
                return null;
            }
        };
    }

    /**
     * The network's weights as inference uses them, by name (batch-norm moving averages included, optimiser state
     * not): their moving averages when the trainer averages, else the weights as trained.
     */
    public Map<String, float[]> weights() {
        return values(averages.isEmpty() ? variables : averages);
    }

    /** The weights as the last step left them, averaged or not. */
    Map<String, float[]> trainedWeights() {
        return values(variables);
    }

    private Map<String, float[]> values(Map<String, Variable<TFloat32>> source) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (UNet.Weight w : UNet.weights(config)) {
            try (var r = session.runner().fetch(source.get(w.name())).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                out.put(w.name(), v);
            }
        }
        return out;
    }

    /**
     * Starts from given weights (fine-tuning), their averages too; every weight of the network must be present with
     * its size.
     */
    public void setWeights(Map<String, float[]> values) {
        Ops tf = Ops.create(graph);
        Session.Runner r = session.runner();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            for (UNet.Weight w : UNet.weights(config)) {
                float[] v = values.get(w.name());
                if (v == null || v.length != w.shape().size()) {
                    throw new IllegalArgumentException("weight '" + w.name() + "' " + (v == null ? "is missing"
                            : "has " + v.length + " values, expected " + w.shape().size() + " " + w.shape()));
                }
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
                TFloat32 t = TFloat32.tensorOf(w.shape(), DataBuffers.of(v, true, false));
                tensors.add(t);
                r.feed(p, t).addTarget(tf.assign(variables.get(w.name()), p));
            }
            r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
        resetAverages();
    }

    /** Writes every variable, Adam's moments and weight averages included, as a TensorFlow checkpoint. */
    public void save(Path prefix) {
        session.save(prefix.toString());
    }

    /**
     * Restores a checkpoint written by {@link #save} from a trainer built with the same configuration;
     * {@code atStep} is the step count it was written at (Adam's bias correction depends on it).
     */
    public void restore(Path prefix, long atStep) {
        session.restore(prefix.toString());
        steps = atStep;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
