package io.pixelwise.model;

import io.pixelwise.zoo.Operations;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The array work between Pixelwise's [batch, y, x, channel] tiles and a model's own tensors: axis order, padding to
 * the sizes a model accepts and cropping back, per-value output operations, one foreground channel made two classes.
 * A volumetric model's tiles are [z, y, x, channel], one volume: its batch axis has size 1 and z takes the count
 * {@code n} that a 2D model's batch has.
 */
public final class TensorLayout {

    private TensorLayout() {
    }

    /** The shape of a tensor with the given axis letters (b, y, x, c, and z for a volume, in some order). */
    public static long[] shape(String axes, int n, int h, int w, int c) {
        boolean volume = axes.indexOf('z') >= 0;
        long[] shape = new long[axes.length()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = volume && axes.charAt(i) == 'b' ? 1 : size(axes.charAt(i), n, h, w, c);
        }
        return shape;
    }

    /** The four axes whose order matters: those of {@code axes} but a volume's batch axis of size 1. */
    public static String dataAxes(String axes) {
        return axes.indexOf('z') >= 0 ? axes.replace("b", "") : axes;
    }

    private static int size(char axis, int n, int h, int w, int c) {
        return switch (axis) {
            case 'b', 'z' -> n;
            case 'y' -> h;
            case 'x' -> w;
            default -> c;
        };
    }

    /** {@code values} in axis order {@code from} rearranged to order {@code to}; the same array when they agree. */
    public static float[] reorder(float[] values, String from, String to, int n, int h, int w, int c) {
        if (from.equals(to)) {
            return values;
        }
        int[] dims = new int[4];
        int[] fromStrides = new int[4];
        for (int i = 0; i < 4; i++) {
            dims[i] = size(to.charAt(i), n, h, w, c);
        }
        for (int i = 3; i >= 0; i--) {
            // the stride in the source of the axis at position i of the target
            int at = from.indexOf(to.charAt(i));
            int s = 1;
            for (int j = at + 1; j < 4; j++) {
                s *= size(from.charAt(j), n, h, w, c);
            }
            fromStrides[i] = s;
        }
        float[] out = new float[values.length];
        int o = 0;
        for (int a = 0; a < dims[0]; a++) {
            for (int b = 0; b < dims[1]; b++) {
                for (int d = 0; d < dims[2]; d++) {
                    int base = a * fromStrides[0] + b * fromStrides[1] + d * fromStrides[2];
                    for (int e = 0; e < dims[3]; e++) {
                        out[o++] = values[base + e * fromStrides[3]];
                    }
                }
            }
        }
        return out;
    }

    /** [n, h, w, c] grown to [n, toH, toW, c], the new rows and columns mirrored from the old (edge not repeated). */
    static float[] padMirror(float[] v, int n, int h, int w, int c, int toH, int toW) {
        float[] out = new float[n * toH * toW * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < toH; y++) {
                int sy = mirror(y, h);
                for (int x = 0; x < toW; x++) {
                    int sx = mirror(x, w);
                    System.arraycopy(v, ((b * h + sy) * w + sx) * c, out, ((b * toH + y) * toW + x) * c, c);
                }
            }
        }
        return out;
    }

    /** Mirrors a coordinate into [0, size) without repeating the edge pixel, as ImgLib2's extendMirrorSingle. */
    public static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }

    /**
     * The size the model accepts that is nearest above {@code size}: {@code min + n * step}, a fixed size
     * ({@code step} 0), or any ({@code min} 0). {@code what} names the extent in the message when it is too large.
     */
    public static long validSize(long size, long min, long step, String what) {
        if (min <= 0) {
            return size;
        }
        if (step <= 0) {
            if (size > min) {
                throw new IllegalArgumentException(what + " of " + size + " is larger than the model's fixed size "
                        + min);
            }
            return min;
        }
        return size <= min ? min : min + (size - min + step - 1) / step * step;
    }

    /** [n, ...] planes grown to [toN, ...], the new planes mirrored from the old (edge not repeated). */
    public static float[] padPlanesMirror(float[] v, int n, int toN, int planeSize) {
        float[] out = new float[toN * planeSize];
        for (int z = 0; z < toN; z++) {
            System.arraycopy(v, mirror(z, n) * planeSize, out, z * planeSize, planeSize);
        }
        return out;
    }

    /** The top-left [n, h, w, c] of a [n, fromH, fromW, c] array. */
    static float[] crop(float[] v, int n, int fromH, int fromW, int c, int h, int w) {
        float[] out = new float[n * h * w * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(v, ((b * fromH + y) * fromW) * c, out, ((b * h + y) * w) * c, w * c);
            }
        }
        return out;
    }

    /** The zoo's per-value operations, in order, on [..., c] values, each channel with its own parameters. */
    static void apply(float[] v, int c, List<Map<String, Object>> steps) {
        if (steps == null || steps.isEmpty()) {
            return;
        }
        DoubleUnaryOperator[] perChannel = new DoubleUnaryOperator[c];
        for (int k = 0; k < c; k++) {
            DoubleUnaryOperator f = DoubleUnaryOperator.identity();
            for (Map<String, Object> step : steps) {
                @SuppressWarnings("unchecked")
                Map<String, Object> kwargs = step.get("kwargs") instanceof Map<?, ?> m ? (Map<String, Object>) m
                        : Map.of();
                f = f.andThen(Operations.pointwise(String.valueOf(step.get("id")), kwargs, k));
            }
            perChannel[k] = f;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) perChannel[i % c].applyAsDouble(v[i]);
        }
    }

    /** One foreground probability per pixel as two classes: background 1 - p, foreground p. */
    static float[] twoClasses(float[] p) {
        float[] out = new float[p.length * 2];
        for (int i = 0; i < p.length; i++) {
            out[2 * i] = 1 - p[i];
            out[2 * i + 1] = p[i];
        }
        return out;
    }
}
