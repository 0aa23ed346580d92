package io.pixelwise.train;

import io.pixelwise.model.ModelDescriptor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 2D or 3D U-Net in TensorFlow graph mode: per level two 3×3 (×3) convolutions (optionally batch- or
 * instance-normalised) with ReLU, 2×2 (×2) max pooling down, nearest-neighbour upsampling and skip concatenation up,
 * a 1×1 (×1) convolution to class logits. Optionally a 2D network's image is average-pooled by {@code inputScale}
 * first and the logits resized back bilinearly, which lets a small network see large structures (a fetal head spans
 * most of an ultrasound frame).
 * A 3D network takes [batch, z, y, x, channel] and pools z like y and x; its convolutions need the gradient
 * {@link Conv3dGradient} registers, since TensorFlow's C++ registry has none.
 * <p>
 * The same builder makes the training graph and the exported inference graph, so weight names match.
 */
public final class UNet {

    /** Batch-norm moving averages: new = old * MOMENTUM + batch * (1 - MOMENTUM). */
    static final float BN_MOMENTUM = 0.99f;
    /** Added to the variance by batch and instance normalisation alike. */
    private static final float NORM_EPSILON = 1e-3f;

    /**
     * What follows each convolution: a bias, batch normalisation (statistics of the batch while training, moving
     * averages at inference), or instance normalisation (each image's or volume's own statistics per channel, in
     * training and at inference alike, as nnU-Net normalises: no dependence on batch size or on moving averages, but
     * statistics per tile when a large image is tiled). The last two learn a scale and an offset per channel.
     */
    public enum Norm { NONE, BATCH, INSTANCE }

    /**
     * Architecture. {@code depth} counts resolution levels (depth 4 = three poolings); {@code dropout} is the rate
     * applied after the bottleneck while training.
     */
    public record Config(int inputChannels, int classes, int depth, int baseFilters, Norm norm,
                         float dropout, int inputScale, int dimensions) {
        public Config {
            if (norm == null || inputChannels < 1 || classes < 2 || depth < 1 || baseFilters < 1 || inputScale < 1
                    || dropout < 0 || dropout >= 1 || dimensions < 2 || dimensions > 3) {
                throw new IllegalArgumentException("bad U-Net config " + this);
            }
            if (dimensions == 3 && inputScale != 1) {
                throw new IllegalArgumentException("a 3D U-Net has no input scaling (input_scale must be 1)");
            }
        }

        /** A 2D network. */
        public Config(int inputChannels, int classes, int depth, int baseFilters, Norm norm, float dropout,
                      int inputScale) {
            this(inputChannels, classes, depth, baseFilters, norm, dropout, inputScale, 2);
        }

        public static Config of(ModelDescriptor.Network n, int inputChannels, int classes) {
            if (!"unet".equals(n.type)) {
                throw new IllegalArgumentException("network type '" + n.type + "' is not supported (expected unet)");
            }
            if (n.batch_norm && n.instance_norm) {
                throw new IllegalArgumentException("batch_norm and instance_norm cannot both be on (pick one)");
            }
            Norm norm = n.instance_norm ? Norm.INSTANCE : n.batch_norm ? Norm.BATCH : Norm.NONE;
            return new Config(inputChannels, classes, n.depth, n.base_filters, norm, (float) n.dropout,
                    n.input_scale, n.dimensions);
        }

        public ModelDescriptor.Network toDescriptor() {
            return new ModelDescriptor.Network(depth, baseFilters, norm == Norm.BATCH, norm == Norm.INSTANCE, dropout,
                    inputScale, dimensions);
        }

        /** The input tensor's shape, [batch, (z,) y, x, channels], every extent but the channels' free. */
        public Shape inputShape() {
            return dimensions == 3 ? Shape.of(-1, -1, -1, -1, inputChannels) : Shape.of(-1, -1, -1, inputChannels);
        }

        /**
         * Input sides (and a 3D network's depth) must be multiples of this so the input pooling and every U-Net
         * pooling divide evenly.
         */
        public int sizeDivisor() {
            return inputScale << (depth - 1);
        }

        /**
         * Receptive-field radius in input pixels. Inside the U-Net each 3×3 convolution at stride s adds s, each
         * pooling and each upsampling to stride s adds s (the window reaches one cell of the coarser grid further).
         * With input scaling, each U-Net cell averages {@code inputScale} pixels and the bilinear resize reads one
         * more cell on each side.
         */
        public int receptiveRadius() {
            int r = 0;
            for (int level = 0; level < depth; level++) {
                r += 2 << level;                         // two convolutions at stride 2^level
                if (level < depth - 1) {
                    r += 1 << level;                     // pooling
                }
            }
            for (int level = depth - 2; level >= 0; level--) {
                r += 1 << level;                         // upsampling
                r += 2 << level;                         // two convolutions
            }
            return inputScale == 1 ? r : inputScale * (r + 2);
        }

        /** Tile halo: the receptive radius rounded up to the size divisor. */
        public int halo() {
            int d = sizeDivisor();
            return (receptiveRadius() + d - 1) / d * d;
        }
    }

    /** Training: batch statistics, dropout, moving-average updates. Inference: moving averages, no dropout. */
    public enum Mode { TRAINING, INFERENCE }

    /** How a weight starts before training: He-normal for kernels, zeros, or ones. */
    public enum Init { HE_NORMAL, ZEROS, ONES }

    /** One weight tensor; {@code trainable} is false for batch-norm moving averages, which only updates change. */
    public record Weight(String name, Shape shape, Init init, int fanIn, boolean trainable) {
    }

    /** Supplies the variable for a weight; asked once per weight and per graph tower, so it should memoise. */
    public interface Weights {
        Operand<TFloat32> get(Weight w);
    }

    /** The logits of a built tower, and the ops that update batch-norm moving averages (training only). */
    public record Tower(Operand<TFloat32> logits, List<Op> updates) {
    }

    private UNet() {
    }

    /**
     * Floating-point operations per input pixel (voxel) of one forward pass: two per multiply-add of every
     * convolution, at the resolution its level runs at (1 / (inputScale * 2^level)^dimensions of the input's pixels).
     * Batch norm, ReLU, pooling and resizing are left out; they add a few per element, against 2 * 9 * channels per
     * 3x3 convolution.
     */
    public static double flopsPerPixel(Config c) {
        double flops = 0;
        for (Weight w : weights(c)) {
            if (!w.name().endsWith(".kernel")) {
                continue;
            }
            String block = w.name().substring(0, w.name().indexOf('.'));
            int level = block.equals("head") ? 0 : Integer.parseInt(block.replaceAll("\\D", ""));
            double macs = 1;
            for (long d : w.shape().asArray()) {
                macs *= d;
            }
            flops += 2 * macs / (Math.pow(c.inputScale(), 2) * (1L << (c.dimensions() * level)));
        }
        return flops;
    }

    /** Every weight the network uses, in creation order. */
    public static List<Weight> weights(Config c) {
        List<Weight> out = new ArrayList<>();
        int in = c.inputChannels();
        for (int level = 0; level < c.depth(); level++) {
            in = addBlock(out, c, "down" + level, in, c.baseFilters() << level);
        }
        for (int level = c.depth() - 2; level >= 0; level--) {
            int f = c.baseFilters() << level;
            in = addBlock(out, c, "up" + level, in + f, f);
        }
        out.add(new Weight("head.kernel", kernel(c, 1, in, c.classes()), Init.HE_NORMAL, in, true));
        out.add(new Weight("head.bias", Shape.of(c.classes()), Init.ZEROS, 0, true));
        return out;
    }

    private static int addBlock(List<Weight> out, Config c, String block, int in, int f) {
        for (int i = 0; i < 2; i++) {
            String conv = block + ".conv" + i;
            Shape k = kernel(c, 3, i == 0 ? in : f, f);
            int fanIn = (int) (k.size() / f);
            out.add(new Weight(conv + ".kernel", k, Init.HE_NORMAL, fanIn, true));
            if (c.norm() == Norm.NONE) {
                out.add(new Weight(conv + ".bias", Shape.of(f), Init.ZEROS, 0, true));
                continue;
            }
            String norm = block + (c.norm() == Norm.BATCH ? ".bn" : ".in") + i;
            out.add(new Weight(norm + ".gamma", Shape.of(f), Init.ONES, 0, true));
            out.add(new Weight(norm + ".beta", Shape.of(f), Init.ZEROS, 0, true));
            if (c.norm() == Norm.BATCH) {
                out.add(new Weight(norm + ".mean", Shape.of(f), Init.ZEROS, 0, false));
                out.add(new Weight(norm + ".variance", Shape.of(f), Init.ONES, 0, false));
            }
        }
        return f;
    }

    /** A convolution kernel's shape: {@code side} along each spatial axis, then channels in and out. */
    private static Shape kernel(Config c, long side, long in, long out) {
        return c.dimensions() == 3 ? Shape.of(side, side, side, in, out) : Shape.of(side, side, in, out);
    }

    /**
     * Builds one tower: logits [batch, y, x, classes] for an input [batch, y, x, channels], or [batch, z, y, x,
     * classes] for [batch, z, y, x, channels] in 3D.
     */
    public static Tower build(Ops tf, Operand<TFloat32> input, Config c, Mode mode, Weights w) {
        Builder b = new Builder(tf, c, mode, w);
        Operand<TFloat32> x = input;
        if (c.inputScale() > 1) {
            long s = c.inputScale();
            x = tf.nn.avgPool(x, List.of(1L, s, s, 1L), List.of(1L, s, s, 1L), "VALID");
        }
        boolean volume = c.dimensions() == 3;
        List<Operand<TFloat32>> skips = new ArrayList<>();
        for (int level = 0; level < c.depth(); level++) {
            x = b.block(x);
            if (level < c.depth() - 1) {
                skips.add(x);
                x = volume ? tf.nn.maxPool3d(x, List.of(1L, 2L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 2L, 1L), "VALID")
                        : tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
                        "VALID");
            } else if (mode == Mode.TRAINING && c.dropout() > 0) {
                x = b.dropout(x, c.dropout());
            }
        }
        for (int level = c.depth() - 2; level >= 0; level--) {
            Operand<TFloat32> skip = skips.get(level);
            Operand<TFloat32> up = volume ? doubled(tf, x) : tf.image.resizeNearestNeighbor(x, spatialSize(tf, skip));
            x = b.block(tf.concat(Arrays.asList(up, skip), tf.constant(c.dimensions() + 1)));
        }
        Operand<TFloat32> logits = tf.nn.biasAdd(b.conv(x, b.next()), b.next());
        if (c.inputScale() > 1) {
            logits = tf.image.resizeBilinear(logits, spatialSize(tf, input), ResizeBilinear.halfPixelCenters(true));
        }
        return new Tower(logits, b.updates);
    }

    private static Operand<TInt32> spatialSize(Ops tf, Operand<TFloat32> t) {
        return tf.slice(tf.shape(t), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
    }

    /**
     * Nearest-neighbour upsampling by 2 of [b, z, y, x, c]. TensorFlow has no 3D resize (and broadcasts up to rank
     * 5 only), so the 2D resize, which has a gradient, doubles y and x of every plane, then z of the stack seen as
     * [b, z, plane, c] (its plane axis resized to its own size, i.e. kept).
     */
    static Operand<TFloat32> doubled(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> s = tf.shape(x);
        Operand<TInt32> two = tf.constant(2);
        Operand<TInt32> planes = tf.concat(List.of(tf.constant(new int[] {-1}), axis(tf, s, 2), axis(tf, s, 3),
                axis(tf, s, 4)), tf.constant(0));
        Operand<TInt32> side = tf.math.mul(tf.slice(s, tf.constant(new int[] {2}), tf.constant(new int[] {2})), two);
        Operand<TFloat32> wider = tf.image.resizeNearestNeighbor(tf.reshape(x, planes), side);
        Operand<TInt32> plane = tf.math.mul(tf.math.mul(axis(tf, s, 2), axis(tf, s, 3)), tf.constant(4));
        Operand<TFloat32> stacked = tf.reshape(wider, tf.concat(List.of(axis(tf, s, 0), axis(tf, s, 1), plane,
                axis(tf, s, 4)), tf.constant(0)));
        Operand<TFloat32> deeper = tf.image.resizeNearestNeighbor(stacked,
                tf.concat(List.of(tf.math.mul(axis(tf, s, 1), two), plane), tf.constant(0)));
        return tf.reshape(deeper, tf.concat(List.of(axis(tf, s, 0), tf.math.mul(axis(tf, s, 1), two), side,
                axis(tf, s, 4)), tf.constant(0)));
    }

    private static Operand<TInt32> axis(Ops tf, Operand<TInt32> shape, int i) {
        return tf.slice(shape, tf.constant(new int[] {i}), tf.constant(new int[] {1}));
    }

    /** Walks the weight list in creation order while the graph is built. */
    private static final class Builder {
        private final Ops tf;
        private final Config c;
        private final Mode mode;
        private final Weights source;
        private final List<Weight> spec;
        private final List<Op> updates = new ArrayList<>();
        private int next;

        Builder(Ops tf, Config c, Mode mode, Weights source) {
            this.tf = tf;
            this.c = c;
            this.mode = mode;
            this.source = source;
            this.spec = weights(c);
        }

        Operand<TFloat32> next() {
            return source.get(spec.get(next++));
        }

        Operand<TFloat32> conv(Operand<TFloat32> x, Operand<TFloat32> kernel) {
            return c.dimensions() == 3 ? tf.nn.conv3d(x, kernel, List.of(1L, 1L, 1L, 1L, 1L), "SAME")
                    : tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
        }

        Operand<TFloat32> block(Operand<TFloat32> x) {
            for (int i = 0; i < 2; i++) {
                x = conv(x, next());
                x = switch (c.norm()) {
                    case NONE -> tf.nn.biasAdd(x, next());
                    case BATCH -> batchNorm(x);
                    case INSTANCE -> instanceNorm(x);
                };
                x = tf.nn.relu(x);
            }
            return x;
        }

        /**
         * Fused batch norm takes 4D tensors only; it normalises each channel over all other axes, so a 3D network's
         * [b, z, y, x, c] goes through as [b, z * y, x, c] and comes back.
         */
        private Operand<TFloat32> batchNorm(Operand<TFloat32> x) {
            if (c.dimensions() == 2) {
                return batchNorm4d(x);
            }
            Operand<TInt32> shape = tf.shape(x);
            Operand<TInt32> flat = tf.concat(List.of(axis(tf, shape, 0), tf.constant(new int[] {-1}),
                    tf.slice(shape, tf.constant(new int[] {3}), tf.constant(new int[] {2}))), tf.constant(0));
            return tf.reshape(batchNorm4d(tf.reshape(x, flat)), shape);
        }

        private Operand<TFloat32> batchNorm4d(Operand<TFloat32> x) {
            Operand<TFloat32> gamma = next();
            Operand<TFloat32> beta = next();
            Operand<TFloat32> mean = next();
            Operand<TFloat32> variance = next();
            if (mode == Mode.INFERENCE) {
                return tf.nn.fusedBatchNorm(x, gamma, beta, mean, variance, FusedBatchNorm.epsilon(NORM_EPSILON),
                        FusedBatchNorm.isTraining(false)).y();
            }
            Operand<TFloat32> empty = tf.zeros(tf.constant(new long[] {0}), TFloat32.class);
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
                    FusedBatchNorm.epsilon(NORM_EPSILON), FusedBatchNorm.isTraining(true));
            updates.add(movingAverage(mean, bn.batchMean()));
            updates.add(movingAverage(variance, bn.batchVariance()));
            return bn.y();
        }

        /** Each image's (volume's) own mean and variance per channel, over its spatial axes. */
        private Operand<TFloat32> instanceNorm(Operand<TFloat32> x) {
            Operand<TFloat32> gamma = next();
            Operand<TFloat32> beta = next();
            Operand<TInt32> spatial = tf.constant(c.dimensions() == 3 ? new int[] {1, 2, 3} : new int[] {1, 2});
            Operand<TFloat32> mean = tf.math.mean(x, spatial, Mean.keepDims(true));
            Operand<TFloat32> centred = tf.math.sub(x, mean);
            Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), spatial, Mean.keepDims(true));
            Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(NORM_EPSILON))),
                    gamma);
            return tf.math.add(tf.math.mul(centred, scale), beta);
        }

        private Op movingAverage(Operand<TFloat32> average, Operand<TFloat32> batch) {
            return tf.assign(average, tf.math.add(tf.math.mul(average, tf.constant(BN_MOMENTUM)),
                    tf.math.mul(batch, tf.constant(1 - BN_MOMENTUM))));
        }

        /** Inverted dropout: kept activations are scaled by 1/keep so inference needs no change. */
        Operand<TFloat32> dropout(Operand<TFloat32> x, float rate) {
            float keep = 1 - rate;
            Operand<TFloat32> mask = tf.math.floor(tf.math.add(
                    tf.random.randomUniform(tf.shape(x), TFloat32.class), tf.constant(keep)));
            return tf.math.div(tf.math.mul(x, mask), tf.constant(keep));
        }
    }
}
