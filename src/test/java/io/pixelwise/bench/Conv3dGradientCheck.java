package io.pixelwise.bench;

import io.pixelwise.train.Conv3dGradient;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Can TensorFlow Java 1.1.0 train a 3D U-Net (the hippocampus issue asks)? Its C++ gradient registry has no gradient
 * for Conv3D nor for the transposed convolution (Conv3DBackpropInputV2); this check registers both in Java and
 * compares them with finite differences on a small down-and-up network (conv, max-pool, conv, transposed conv with
 * stride 2, conv), then runs plain gradient descent on it towards a random teacher of the same shape.
 * Usage: {@code Conv3dGradientCheck}; prints whether addGradients works without the registration, the largest
 * difference between analytic and numeric gradients (relative to each filter's largest gradient), and the loss
 * before and after 200 steps.
 */
public final class Conv3dGradientCheck {

    private static final List<Long> ONES = List.of(1L, 1L, 1L, 1L, 1L);
    private static final List<Long> TWOS = List.of(1L, 2L, 2L, 2L, 1L);
    private static final long[][] SHAPES = {{3, 3, 3, 1, 4}, {3, 3, 3, 4, 4}, {2, 2, 2, 4, 4}, {3, 3, 3, 4, 1}};
    private static final Shape INPUT = Shape.of(1, 6, 8, 8, 1);

    private Conv3dGradientCheck() {
    }

    public static void main(String[] args) {
        System.out.println("addGradients through Conv3D before registering: " + tryWithoutRegistration());
        register();
        Random random = new Random(3);
        float[] x = gaussian(random, (int) INPUT.size(), 1);
        float[][] teacher = new float[SHAPES.length][];
        float[][] student = new float[SHAPES.length][];
        for (int i = 0; i < SHAPES.length; i++) {
            long[] k = SHAPES[i];
            float he = (float) Math.sqrt(2.0 / (k[0] * k[1] * k[2] * k[3]));
            teacher[i] = gaussian(random, (int) Shape.of(k).size(), he);
            student[i] = gaussian(random, (int) Shape.of(k).size(), he);
        }
        try (Net net = new Net()) {
            float[] target = net.output(x, teacher);
            double worst = 0;
            for (int i = 0; i < SHAPES.length; i++) {
                float[] analytic = net.gradients(x, student, target)[i];
                double largest = 0;
                for (float a : analytic) {
                    largest = Math.max(largest, Math.abs(a));
                }
                for (int j = 0; j < student[i].length; j += Math.max(1, student[i].length / 12)) {
                    float keep = student[i][j];
                    double h = 1e-3;
                    student[i][j] = (float) (keep + h);
                    double up = net.loss(x, student, target);
                    student[i][j] = (float) (keep - h);
                    double down = net.loss(x, student, target);
                    student[i][j] = keep;
                    double numeric = (up - down) / (2 * h);
                    worst = Math.max(worst, Math.abs(numeric - analytic[j]) / largest);
                }
            }
            System.out.printf(Locale.ROOT, "largest difference, analytic vs central differences, relative to the "
                    + "filter's largest gradient: %.2e%n", worst);
            double before = net.loss(x, student, target);
            for (int step = 0; step < 200; step++) {
                float[][] g = net.gradients(x, student, target);
                for (int i = 0; i < student.length; i++) {
                    for (int j = 0; j < student[i].length; j++) {
                        student[i][j] -= 0.01f * g[i][j];
                    }
                }
            }
            System.out.printf(Locale.ROOT, "loss before %.4f, after 200 steps of gradient descent %.4f%n", before,
                    net.loss(x, student, target));
        }
    }

    private static String tryWithoutRegistration() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(INPUT));
            Placeholder<TFloat32> f = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(SHAPES[0])));
            Operand<TFloat32> loss = tf.reduceSum(tf.nn.conv3d(in, f, ONES, "SAME"), tf.constant(new int[] {0, 1,
                    2, 3, 4}));
            g.addGradients(loss.asOutput(), new Output<?>[] {f.asOutput()});
            return "worked";
        } catch (RuntimeException e) {
            return "failed (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * The convolution's gradient (Pixelwise's own, as 3D training uses it) and the transposed convolution's, whose
     * backward passes are a filter gradient and a plain convolution.
     */
    private static void register() {
        Conv3dGradient.register();
        TensorFlow.registerCustomGradient(Conv3dBackpropInput.Inputs.class, (tf, op, dy) -> {
            List<Long> strides = Arrays.stream(op.strides).boxed().toList();
            return List.of(tf.zerosLike(op.inputSizes),
                    tf.nn.conv3dBackpropFilter(f32(dy.get(0)), tf.shape(op.filter), f32(op.outBackprop), strides,
                            op.padding),
                    tf.nn.conv3d(f32(dy.get(0)), f32(op.filter), strides, op.padding));
        });
    }

    /** The graph here is float32 throughout; the gradient callbacks see untyped operands. */
    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> f32(Operand<?> o) {
        return (Operand<TFloat32>) o;
    }

    private static float[] gaussian(Random r, int n, float sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    /** conv 3^3 -> ReLU -> max-pool 2 -> conv 3^3 -> ReLU -> transposed conv 2^3 stride 2 -> conv 3^3; mean square. */
    private static final class Net implements AutoCloseable {
        final Graph graph = new Graph();
        final Session session;
        final Placeholder<TFloat32> x;
        final Placeholder<TFloat32> target;
        final Placeholder<TFloat32>[] filters;
        final Operand<TFloat32> y;
        final Operand<TFloat32> loss;
        final Output<?>[] grads;

        @SuppressWarnings("unchecked")
        Net() {
            Ops tf = Ops.create(graph);
            x = tf.placeholder(TFloat32.class, Placeholder.shape(INPUT));
            target = tf.placeholder(TFloat32.class, Placeholder.shape(INPUT));
            filters = new Placeholder[SHAPES.length];
            for (int i = 0; i < SHAPES.length; i++) {
                filters[i] = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(SHAPES[i])));
            }
            Operand<TFloat32> h = tf.nn.relu(tf.nn.conv3d(x, filters[0], ONES, "SAME"));
            Operand<TFloat32> pooled = tf.nn.maxPool3d(h, TWOS, TWOS, "VALID");
            Operand<TFloat32> deep = tf.nn.relu(tf.nn.conv3d(pooled, filters[1], ONES, "SAME"));
            Operand<TFloat32> up = tf.nn.conv3dBackpropInput(tf.shape(h), filters[2], deep, TWOS, "SAME");
            y = tf.nn.conv3d(up, filters[3], ONES, "SAME");
            loss = tf.math.mean(tf.math.square(tf.math.sub(y, target)), tf.constant(new int[] {0, 1, 2, 3, 4}));
            grads = graph.addGradients(loss.asOutput(),
                    Arrays.stream(filters).map(Placeholder::asOutput).toArray(Output<?>[]::new));
            session = new Session(graph);
        }

        float[] output(float[] in, float[][] w) {
            return run(in, w, new float[in.length], y.asOutput())[0];
        }

        double loss(float[] in, float[][] w, float[] t) {
            return run(in, w, t, loss.asOutput())[0][0];
        }

        float[][] gradients(float[] in, float[][] w, float[] t) {
            return run(in, w, t, grads);
        }

        private float[][] run(float[] in, float[][] w, float[] t, Output<?>... fetches) {
            TFloat32[] fed = new TFloat32[w.length + 2];
            try {
                fed[0] = TFloat32.tensorOf(INPUT, DataBuffers.of(in, true, false));
                fed[1] = TFloat32.tensorOf(INPUT, DataBuffers.of(t, true, false));
                Session.Runner r = session.runner().feed(x, fed[0]).feed(target, fed[1]);
                for (int i = 0; i < w.length; i++) {
                    fed[i + 2] = TFloat32.tensorOf(Shape.of(SHAPES[i]), DataBuffers.of(w[i], true, false));
                    r.feed(filters[i], fed[i + 2]);
                }
                for (Output<?> f : fetches) {
                    r.fetch(f);
                }
                try (var result = r.run()) {
                    float[][] out = new float[fetches.length][];
                    for (int i = 0; i < fetches.length; i++) {
                        TFloat32 v = (TFloat32) result.get(i);
                        out[i] = new float[(int) v.shape().size()];
                        v.copyTo(DataBuffers.of(out[i], false, false));
                    }
                    return out;
                }
            } finally {
                for (TFloat32 f : fed) {
                    if (f != null) {
                        f.close();
                    }
                }
            }
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }
}
