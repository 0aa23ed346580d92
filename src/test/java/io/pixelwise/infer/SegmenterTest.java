package io.pixelwise.infer;

import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class SegmenterTest {

    /** A volume [x=2, y=1, channel=1, z=3] whose plane z holds 10 (z + 1). */
    private static net.imglib2.RandomAccessibleInterval<FloatType> volume() {
        return Views.permute(Views.addDimension(ArrayImgs.floats(new float[] {10, 10, 20, 20, 30, 30}, 2, 1, 3),
                0, 0), 2, 3);
    }

    private static ModelDescriptor.Normalization spec(String type, String scope) {
        return (type.equals("percentile") ? ModelDescriptor.Normalization.percentile(0, 100)
                : ModelDescriptor.Normalization.meanStd(0, 1)).withScope(scope);
    }

    private static float[] channelsAt(net.imglib2.RandomAccessibleInterval<FloatType> plane) {
        float[] out = new float[(int) plane.dimension(2)];
        for (int c = 0; c < out.length; c++) {
            out[c] = Views.hyperSlice(plane, 2, c).firstElement().get();
        }
        return out;
    }

    @Test
    void sliceContextFeedsTheNeighboursMirroredAtTheEnds() {
        Normalizer[][] identity = Segmenter.normalizers(spec("mean_std", "plane"), volume());
        assertArrayEquals(new float[] {20, 10, 20}, channelsAt(Segmenter.planeInput(volume(), 0, 1, identity)),
                "plane 1 sees plane 2 above and (mirrored) plane 2 below");
        assertArrayEquals(new float[] {10, 20, 30}, channelsAt(Segmenter.planeInput(volume(), 1, 1, identity)));
        assertArrayEquals(new float[] {20, 30, 20}, channelsAt(Segmenter.planeInput(volume(), 2, 1, identity)));
        assertArrayEquals(new float[] {20}, channelsAt(Segmenter.planeInput(volume(), 1, 0, identity)));
    }

    @Test
    void stackNormalisationSharesTheStacksStatistics() {
        Normalizer[][] perPlane = Segmenter.normalizers(spec("percentile", "plane"), volume());
        Normalizer[][] perStack = Segmenter.normalizers(spec("percentile", "stack"), volume());
        assertNotSame(perPlane[0][0], perPlane[2][0]);
        assertSame(perStack[0][0], perStack[2][0]);
        assertEquals(0, perStack[0][0].apply(10), 1e-6, "the stack's minimum maps to 0");
        assertEquals(1, perStack[0][0].apply(30), 1e-6, "the stack's maximum maps to 1");
    }
}
