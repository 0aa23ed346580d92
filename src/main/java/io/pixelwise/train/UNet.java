package io.pixelwise.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 2D U-Net in TensorFlow graph mode: per level two 3×3 convolutions with ReLU, 2×2 max pooling down,
 * nearest-neighbour upsampling and skip concatenation up, a 1×1 convolution to class logits.
 * The same builder makes the training graph and the exported inference graph, so weight names match.
 */
public final class UNet {

    /** Architecture; {@code depth} counts resolution levels (depth 4 = three poolings). */
    public record Config(int inputChannels, int classes, int depth, int baseFilters) {
        public Config {
            if (inputChannels < 1 || classes < 2 || depth < 1 || baseFilters < 1) {
                throw new IllegalArgumentException("bad U-Net config " + this);
            }
        }

        /** Input sides must be multiples of this so every pooling divides evenly. */
        public int sizeDivisor() {
            return 1 << (depth - 1);
        }

        /**
         * Receptive-field radius in input pixels: each 3×3 convolution at stride s adds s, each pooling and each
         * upsampling to stride s adds s (the window reaches one cell of the coarser grid further).
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
            return r;
        }

        /** Tile halo: the receptive radius rounded up to the size divisor. */
        public int halo() {
            int d = sizeDivisor();
            return (receptiveRadius() + d - 1) / d * d;
        }
    }

    /** Supplies the variable for a weight by name and shape (fresh random ones in training, trained ones on export). */
    public interface Weights {
        Operand<TFloat32> get(String name, Shape shape, int fanIn);
    }

    private UNet() {
    }

    /** Names of all weights in creation order, with their shapes: what {@link #logits} will ask {@link Weights} for. */
    public static List<Weight> weights(Config c) {
        List<Weight> out = new ArrayList<>();
        int in = c.inputChannels();
        for (int level = 0; level < c.depth(); level++) {
            int f = c.baseFilters() << level;
            in = addConvPair(out, "down" + level, in, f);
        }
        for (int level = c.depth() - 2; level >= 0; level--) {
            int f = c.baseFilters() << level;
            in = addConvPair(out, "up" + level, in + f, f);
        }
        out.add(new Weight("head.kernel", Shape.of(1, 1, in, c.classes()), in));
        out.add(new Weight("head.bias", Shape.of(c.classes()), 0));
        return out;
    }

    private static int addConvPair(List<Weight> out, String block, int in, int f) {
        out.add(new Weight(block + ".conv0.kernel", Shape.of(3, 3, in, f), 9 * in));
        out.add(new Weight(block + ".conv0.bias", Shape.of(f), 0));
        out.add(new Weight(block + ".conv1.kernel", Shape.of(3, 3, f, f), 9 * f));
        out.add(new Weight(block + ".conv1.bias", Shape.of(f), 0));
        return f;
    }

    /** One weight tensor: its name, its shape and its fan-in (0 for biases) for initialisation. */
    public record Weight(String name, Shape shape, int fanIn) {
    }

    /** Logits of shape [batch, y, x, classes] for an input of shape [batch, y, x, channels]. */
    public static Operand<TFloat32> logits(Ops tf, Operand<TFloat32> input, Config c, Weights w) {
        List<Weight> spec = weights(c);
        int[] next = {0};
        WeightSource ws = () -> {
            Weight s = spec.get(next[0]++);
            return w.get(s.name(), s.shape(), s.fanIn());
        };
        List<Operand<TFloat32>> skips = new ArrayList<>();
        Operand<TFloat32> x = input;
        for (int level = 0; level < c.depth(); level++) {
            x = convPair(tf, x, ws);
            if (level < c.depth() - 1) {
                skips.add(x);
                x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
                        "VALID");
            }
        }
        for (int level = c.depth() - 2; level >= 0; level--) {
            Operand<TFloat32> skip = skips.get(level);
            Operand<TInt32> size = tf.slice(tf.shape(skip), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
            Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, size);
            x = tf.concat(Arrays.asList(up, skip), tf.constant(3));
            x = convPair(tf, x, ws);
        }
        Operand<TFloat32> k = ws.next();
        Operand<TFloat32> b = ws.next();
        return tf.nn.biasAdd(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"), b);
    }

    private interface WeightSource {
        Operand<TFloat32> next();
    }

    private static Operand<TFloat32> convPair(Ops tf, Operand<TFloat32> x, WeightSource ws) {
        for (int i = 0; i < 2; i++) {
            Operand<TFloat32> k = ws.next();
            Operand<TFloat32> b = ws.next();
            x = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"), b));
        }
        return x;
    }
}
