package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectedComponentsTest {

    private static final boolean[] CLASS_1 = {false, true};
    private static final boolean[] CLASSES_1_2 = {false, true, true};

    private static int[] labels(net.imglib2.RandomAccessibleInterval<IntType> img) {
        int[] out = new int[(int) net.imglib2.util.Intervals.numElements(img)];
        int i = 0;
        for (IntType t : Views.flatIterable(img)) {
            out[i++] = t.get();
        }
        return out;
    }

    @Test
    void fourByFourBlobIsOneComponentOfSixteenPixels() {
        var cls = ShapesFixture.draw(
                "........",
                "..1111..",
                "..1111..",
                "..1111..",
                "..1111..",
                "........");
        var out = ArrayImgs.ints(8, 6);
        int[] classOf = ConnectedComponents.label(cls, out, CLASS_1, Connectivity.FACE, 1);
        assertArrayEquals(new int[] {1}, classOf);
        int n = 0;
        for (int l : labels(out)) {
            n += l == 1 ? 1 : 0;
        }
        assertEquals(16, n);
    }

    @Test
    void diagonalTouchSplitsUnderFaceAndJoinsUnderFull() {
        var cls = ShapesFixture.draw(
                "11..",
                "11..",
                "..11",
                "..11");
        var face = ArrayImgs.ints(4, 4);
        var full = ArrayImgs.ints(4, 4);
        assertEquals(2, ConnectedComponents.label(cls, face, CLASS_1, Connectivity.FACE, 1).length);
        assertEquals(1, ConnectedComponents.label(cls, full, CLASS_1, Connectivity.FULL, 1).length);
        assertArrayEquals(new int[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2}, labels(face));
    }

    @Test
    void touchingObjectsOfDifferentClassesStaySeparateAndNumberingStartsWhereAsked() {
        var cls = ShapesFixture.draw(
                "1122",
                "1122",
                "..2.");
        var out = ArrayImgs.ints(4, 3);
        int[] classOf = ConnectedComponents.label(cls, out, CLASSES_1_2, Connectivity.FULL, 10);
        assertArrayEquals(new int[] {1, 2}, classOf);
        assertArrayEquals(new int[] {10, 10, 11, 11, 10, 10, 11, 11, 0, 0, 11, 0}, labels(out));
    }

    @Test
    void onlyObjectClassesAreLabelled() {
        var cls = ShapesFixture.draw("1.2.1");
        var out = ArrayImgs.ints(5, 1);
        int[] classOf = ConnectedComponents.label(cls, out, CLASS_1, Connectivity.FACE, 1);
        assertArrayEquals(new int[] {1, 1}, classOf);
        assertArrayEquals(new int[] {1, 0, 0, 0, 2}, labels(out));
    }

    @Test
    void threeDimensionalComponentsConnectAcrossSlices() {
        // Two 2x2 squares on slices 0 and 1 that overlap in one pixel column, and one isolated pixel on slice 2.
        byte[] v = new byte[4 * 4 * 3];
        int[][] slice0 = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        int[][] slice1 = {{1, 1}, {2, 1}, {1, 2}, {2, 2}};
        for (int[] p : slice0) {
            v[p[1] * 4 + p[0]] = 1;
        }
        for (int[] p : slice1) {
            v[16 + p[1] * 4 + p[0]] = 1;
        }
        v[32 + 3 * 4 + 3] = 1;
        var cls = ArrayImgs.unsignedBytes(v, 4, 4, 3);
        var out = ArrayImgs.ints(4, 4, 3);
        assertEquals(2, ConnectedComponents.label(cls, out, CLASS_1, Connectivity.FACE, 1).length);
        int[] l = labels(out);
        assertEquals(1, l[0]);
        assertEquals(1, l[16 + 2 * 4 + 2]);
        assertEquals(2, l[32 + 15]);
    }
}
