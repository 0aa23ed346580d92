package io.pixelwise.infer;

import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalizerTest {

    @Test
    void percentilesInterpolateLikeNumpy() {
        var img = ArrayImgs.floats(new float[] {40, 0, 30, 10, 20}, 5);
        assertArrayEquals(new double[] {0, 40}, Normalizer.percentiles(img, 0, 100), 1e-9);
        assertArrayEquals(new double[] {4, 20}, Normalizer.percentiles(img, 10, 50), 1e-6);
    }

    /** numpy's percentile of a sorted copy, the reference for the selection that needs no copy. */
    private static double sortedPercentile(float[] values, double p) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double pos = p / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] * (1 - (pos - i)) + sorted[j] * (pos - i);
    }

    /**
     * Float percentiles come from a two-pass radix selection, not a sorted copy of the stack: exactly the sorted
     * copy's, for negative and positive values, repeats, -0 and 0, tiny and huge magnitudes.
     */
    @Test
    void floatPercentilesEqualThoseOfASortedCopy() {
        java.util.Random r = new java.util.Random(11);
        float[] v = new float[101 * 199];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (i % 5) {
                case 0 -> (float) (r.nextGaussian() * 1000);
                case 1 -> r.nextInt(7) - 3;                          // repeats
                case 2 -> i % 2 == 0 ? -0f : 0f;
                case 3 -> (float) (r.nextGaussian() * 1e-30);
                default -> (float) (r.nextGaussian() * 1e30);
            };
        }
        var img = ArrayImgs.floats(v, 101, 199, 1);
        for (double[] p : new double[][] {{0, 100}, {1, 99.8}, {37.3, 37.31}, {50, 50}, {0.001, 99.999}}) {
            double[] got = Normalizer.percentiles(img, p[0], p[1]);
            assertEquals(sortedPercentile(v, p[0]), got[0], 0, "percentile " + p[0]);
            assertEquals(sortedPercentile(v, p[1]), got[1], 0, "percentile " + p[1]);
        }
        float[] one = {-7.5f};
        assertArrayEquals(new double[] {-7.5, -7.5}, Normalizer.percentiles(ArrayImgs.floats(one, 1), 1, 99), 0);
    }

    @Test
    void percentileNormalisationMapsLowToZeroAndHighToOne() {
        byte[] v = new byte[101];
        for (int i = 0; i <= 100; i++) {
            v[i] = (byte) (i * 2);                                   // 0..200 as unsigned bytes
        }
        ModelDescriptor.Normalization spec = ModelDescriptor.Normalization.percentile(10, 90);
        var img = ArrayImgs.unsignedBytes(v, 101);
        Normalizer n = Normalizer.fit(spec, img);
        assertEquals(0f, n.apply(20), 1e-6);
        assertEquals(1f, n.apply(180), 1e-6);
        var view = n.view(img);
        var ra = view.randomAccess();
        ra.setPosition(100, 0);
        assertEquals(1.125f, ra.get().get(), 1e-6);
    }

    @Test
    void histogramPercentilesOf16BitImagesEqualSortedOnes() {
        java.util.Random r = new java.util.Random(3);
        short[] v = new short[10_001];
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (r.nextGaussian() * 3000 + 30000);
            f[i] = v[i] & 0xffff;
        }
        ModelDescriptor.Normalization spec = ModelDescriptor.Normalization.percentile(1, 99.8);
        Normalizer viaHistogram = Normalizer.fit(spec, ArrayImgs.unsignedShorts(v, v.length));
        Normalizer viaSort = Normalizer.fit(spec, ArrayImgs.floats(f, f.length));
        assertEquals(viaSort.offset(), viaHistogram.offset(), 1e-9);
        assertEquals(viaSort.scale(), viaHistogram.scale(), 1e-12);
    }

    @Test
    void meanStdUsesTheDescriptorsStatistics() {
        ModelDescriptor.Normalization spec = ModelDescriptor.Normalization.meanStd(100, 20);
        Normalizer n = Normalizer.fit(spec, ArrayImgs.floats(new float[] {1, 2, 3}, 3));
        assertEquals(-1f, n.apply(80), 1e-6);
        assertEquals(2f, n.apply(140), 1e-6);
    }
}
