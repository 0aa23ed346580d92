package io.pixelwise.regions;

/**
 * Exact Euclidean distance transform in any number of dimensions: for every pixel inside a mask, the distance to
 * the nearest pixel outside it, in calibrated units (pixel spacing per axis, so anisotropic z-stacks measure
 * true distances). Separable: one exact 1D pass per axis over squared distances (the lower envelope of
 * parabolas, Felzenszwalb &amp; Huttenlocher 2012). Pixels beyond the image border do not count as outside, as in
 * scipy's {@code distance_transform_edt}.
 */
public final class DistanceTransform {

    private static final double FAR = 1e30;

    private DistanceTransform() {
    }

    /**
     * @param inside  mask, flat with the first axis fastest
     * @param dims    size per axis
     * @param spacing pixel size per axis
     * @return distance per pixel, 0 outside the mask; infinite where the mask has no outside at all
     */
    public static float[] euclidean(boolean[] inside, int[] dims, double[] spacing) {
        if (spacing.length != dims.length) {
            throw new IllegalArgumentException(spacing.length + " spacings for " + dims.length + " axes");
        }
        double[] f = new double[inside.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = inside[i] ? FAR : 0;
        }
        int stride = 1;
        for (int axis = 0; axis < dims.length; axis++) {
            int n = dims[axis];
            int outer = stride * n;
            double[] line = new double[n];
            double[] out = new double[n];
            int[] v = new int[n];
            double[] z = new double[n + 1];
            for (int base = 0; base < f.length; base += outer) {
                for (int offset = 0; offset < stride; offset++) {
                    int start = base + offset;
                    for (int i = 0; i < n; i++) {
                        line[i] = f[start + i * stride];
                    }
                    envelope(line, out, n, spacing[axis], v, z);
                    for (int i = 0; i < n; i++) {
                        f[start + i * stride] = out[i];
                    }
                }
            }
            stride = outer;
        }
        float[] d = new float[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i] >= FAR ? Float.POSITIVE_INFINITY : (float) Math.sqrt(f[i]);
        }
        return d;
    }

    /** out[q] = min over p of ((q - p) * s)^2 + f[p], in O(n). */
    private static void envelope(double[] f, double[] out, int n, double s, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double sq = intersection(f, v[k], q, s);
            while (sq <= z[k]) {
                k--;
                sq = intersection(f, v[k], q, s);
            }
            k++;
            v[k] = q;
            z[k] = sq;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q * s) {
                k++;
            }
            double dq = (q - v[k]) * s;
            out[q] = Math.min(FAR, dq * dq + f[v[k]]);
        }
    }

    /** Position where the parabolas rooted at p and q (p &lt; q) meet. */
    private static double intersection(double[] f, int p, int q, double s) {
        double xp = p * s;
        double xq = q * s;
        return ((f[q] + xq * xq) - (f[p] + xp * xp)) / (2 * (xq - xp));
    }
}
