package io.pixelwise.edit;

import io.pixelwise.regions.DistanceTransform;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.function.IntPredicate;

/**
 * Portrait mode: everything but the subject is Gaussian-blurred, the subject left untouched. The background is
 * blurred by normalised convolution over background pixels only, so the subject's colours never spread into it (no
 * halo), and the edge is feathered: within {@code feather} pixels outside the subject the sharp image fades linearly
 * into the blurred one.
 */
public final class BackgroundBlur {

    private BackgroundBlur() {
    }

    /**
     * Writes the blurred image into {@code out} (same size as {@code image}); the source is only read.
     *
     * @param image   [x, y, channel, z, t]
     * @param labels  [x, y, z, t]; pixels whose label passes {@code subject} are the subject
     * @param sigma   Gaussian standard deviation in pixels (the strength); 0 leaves the image as it is
     * @param feather width in pixels of the fade from sharp to blurred outside the subject
     */
    public static <T extends RealType<T>, L extends IntegerType<L>> void apply(
            RandomAccessibleInterval<T> image, RandomAccessibleInterval<L> labels, IntPredicate subject, double sigma,
            double feather, RandomAccessibleInterval<T> out) {
        if (!(sigma >= 0) || !(feather >= 0)) {
            throw new IllegalArgumentException("blur strength and feather must be >= 0, were " + sigma + " and "
                    + feather);
        }
        var img = Views.zeroMin(image);
        var lab = Views.zeroMin(labels);
        var dst = Views.zeroMin(out);
        if (!Intervals.equalDimensions(img, dst)) {
            throw new IllegalArgumentException("the output must be the size of the image");
        }
        if (img.dimension(0) != lab.dimension(0) || img.dimension(1) != lab.dimension(1)
                || img.dimension(3) != lab.dimension(2) || img.dimension(4) != lab.dimension(3)) {
            throw new IllegalArgumentException("The labels (" + Intervals.toString(labels) + ") do not match the "
                    + "image (" + Intervals.toString(image) + ") in x, y, z or t");
        }
        int w = (int) img.dimension(0);
        int h = (int) img.dimension(1);
        double lo = img.firstElement().getMinValue();
        double hi = img.firstElement().getMaxValue();
        for (int t = 0; t < img.dimension(4); t++) {
            for (int z = 0; z < img.dimension(3); z++) {
                boolean[] inside = new boolean[w * h];
                int i = 0;
                for (L l : Views.flatIterable(Views.hyperSlice(Views.hyperSlice(lab, 3, t), 2, z))) {
                    inside[i++] = subject.test(l.getInteger());
                }
                float[] alpha = sharpness(inside, w, h, feather);
                for (int c = 0; c < img.dimension(2); c++) {
                    var src = Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(img, 4, t), 3, z), 2, c);
                    float[] v = new float[w * h];
                    i = 0;
                    for (T p : Views.flatIterable(src)) {
                        v[i++] = p.getRealFloat();
                    }
                    float[] bg = background(v, inside, w, h, sigma);
                    Cursor<T> o = Views.flatIterable(Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(dst, 4, t),
                            3, z), 2, c)).cursor();
                    for (int p = 0; p < v.length; p++) {
                        double r = alpha[p] * v[p] + (1 - alpha[p]) * bg[p];
                        T target = o.next();
                        target.setReal(target instanceof IntegerType ? Math.max(lo, Math.min(hi, Math.round(r))) : r);
                    }
                }
            }
        }
    }

    /** 1 on the subject, falling linearly to 0 at {@code feather} pixels from it. */
    static float[] sharpness(boolean[] inside, int w, int h, double feather) {
        boolean[] outside = new boolean[inside.length];
        for (int p = 0; p < inside.length; p++) {
            outside[p] = !inside[p];
        }
        float[] d = DistanceTransform.euclidean(outside, new int[] {w, h}, new double[] {1, 1});
        float[] a = new float[d.length];
        for (int p = 0; p < d.length; p++) {
            a[p] = inside[p] ? 1f : feather <= 0 ? 0f : (float) Math.max(0, 1 - d[p] / feather);
        }
        return a;
    }

    /**
     * The background blurred over background pixels only: G * (v m) / G * m with m = 1 outside the subject. Pixels
     * no background reaches keep their value (they lie deep in the subject, which stays sharp anyway).
     */
    static float[] background(float[] v, boolean[] inside, int w, int h, double sigma) {
        float[] num = new float[v.length];
        float[] den = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            num[p] = inside[p] ? 0 : v[p];
            den[p] = inside[p] ? 0 : 1;
        }
        if (sigma > 0) {
            float[] k = kernel(sigma);
            num = gauss(gauss(num, w, h, k, true), w, h, k, false);
            den = gauss(gauss(den, w, h, k, true), w, h, k, false);
        }
        float[] out = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            out[p] = den[p] > 1e-6f ? num[p] / den[p] : v[p];
        }
        return out;
    }

    private static float[] kernel(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        return k;
    }

    /** One separable pass along x or y; outside the image counts as 0 (normalisation corrects the edges). */
    private static float[] gauss(float[] in, int w, int h, float[] k, boolean alongX) {
        float[] out = new float[in.length];
        int r = k.length / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    int xx = alongX ? x + i : x;
                    int yy = alongX ? y : y + i;
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                        s += k[i + r] * in[yy * w + xx];
                    }
                }
                out[y * w + x] = (float) s;
            }
        }
        return out;
    }
}
