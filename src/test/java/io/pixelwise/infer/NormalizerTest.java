package io.pixelwise.infer;

import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalizerTest {

    @Test
    void percentilesInterpolateLikeNumpy() {
        float[] sorted = {0, 10, 20, 30, 40};
        assertEquals(0, Normalizer.percentile(sorted, 0), 1e-9);
        assertEquals(40, Normalizer.percentile(sorted, 100), 1e-9);
        assertEquals(20, Normalizer.percentile(sorted, 50), 1e-9);
        assertEquals(4, Normalizer.percentile(sorted, 10), 1e-6);
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
