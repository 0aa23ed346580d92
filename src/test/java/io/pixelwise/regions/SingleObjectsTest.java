package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SingleObjectsTest {

    private static byte[] clean(byte[] v, int w, int h, int d, int classes) {
        return clean(v, w, h, d, classes, 0);
    }

    private static byte[] clean(byte[] v, int w, int h, int d, int classes, long minSize) {
        byte[] copy = v.clone();
        SingleObjects.apply(Views.addDimension(ArrayImgs.unsignedBytes(copy, w, h, d), 0, 0), classes, minSize,
                null, 0);
        return copy;
    }

    @Test
    void aLargestPieceTheNetworkIsUnsureOfMeansNoneFound() {
        byte[] v = {
            1, 1, 0, 0, 2,
            1, 1, 0, 0, 0};
        float[] p = new float[3 * v.length];               // [x, y, class]: class 1's probability, then class 2's
        for (int i = 0; i < v.length; i++) {
            p[v.length + i] = v[i] == 1 ? (i == 0 ? 0.5f : 0.7f) : 0.1f;   // class 1: mean over its piece 0.65
            p[2 * v.length + i] = v[i] == 2 ? 0.9f : 0.1f;
        }
        for (double[] rule : new double[][] {{0.6, 1, 1}, {0.64, 1, 1}, {0.66, 0, 1}, {0.95, 0, 0}}) {
            byte[] copy = v.clone();
            SingleObjects.apply(Views.addDimension(ArrayImgs.unsignedBytes(copy, 5, 2, 1), 0, 0), 3, 0,
                    Views.addDimension(Views.addDimension(ArrayImgs.floats(p, 5, 2, 3), 0, 0), 0, 0), rule[0]);
            assertArrayEquals(new byte[] {
                (byte) rule[1], (byte) rule[1], 0, 0, (byte) (2 * rule[2]),
                (byte) rule[1], (byte) rule[1], 0, 0, 0}, copy, "minimum mean probability " + rule[0]);
        }
        var classes = Views.addDimension(ArrayImgs.unsignedBytes(v.clone(), 5, 2, 1), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> SingleObjects.apply(classes, 3, 0, null, 0.5));
    }

    @Test
    void withAMinimumProbabilityTheSurestPieceIsKeptNotTheLargest() {
        byte[] v = {
            1, 1, 1, 0, 1, 1,
            1, 1, 1, 0, 1, 1};
        float[] p = new float[2 * v.length];                  // [x, y, class]: class 0, then class 1
        for (int i = 0; i < v.length; i++) {
            p[v.length + i] = v[i] == 0 ? 0.1f : i % 6 < 3 ? 0.6f : 0.9f;  // 6-pixel piece unsure, 4-pixel one sure
        }
        var probabilities = Views.addDimension(Views.addDimension(ArrayImgs.floats(p, 6, 2, 2), 0, 0), 0, 0);
        byte[] surest = v.clone();
        SingleObjects.apply(Views.addDimension(ArrayImgs.unsignedBytes(surest, 6, 2, 1), 0, 0), 2, 4,
                probabilities, 0.5);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1}, surest, "the sure 4-pixel piece");
        byte[] big = v.clone();
        SingleObjects.apply(Views.addDimension(ArrayImgs.unsignedBytes(big, 6, 2, 1), 0, 0), 2, 5, probabilities,
                0.5);
        assertArrayEquals(new byte[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0}, big,
                "only the 6-pixel piece reaches 5 pixels, and its mean 0.6 reaches 0.5");
        byte[] none = v.clone();
        SingleObjects.apply(Views.addDimension(ArrayImgs.unsignedBytes(none, 6, 2, 1), 0, 0), 2, 5, probabilities,
                0.7);
        assertArrayEquals(new byte[12], none, "the only piece large enough is too unsure: none");
    }

    @Test
    void aLargestPieceBelowTheMinimumSizeMeansNoneFound() {
        byte[] v = {
            1, 1, 0, 0, 2,
            1, 1, 0, 0, 0,
            0, 0, 0, 1, 0};
        assertArrayEquals(new byte[] {
            1, 1, 0, 0, 0,
            1, 1, 0, 0, 0,
            0, 0, 0, 0, 0}, clean(v, 5, 3, 1, 3, 4), "class 1's 4 pixels stay, class 2's single pixel goes");
        assertArrayEquals(new byte[15], clean(v, 5, 3, 1, 3, 5), "nothing reaches 5 pixels: no object at all");
        assertArrayEquals(clean(v, 5, 3, 1, 3, 0), clean(v, 5, 3, 1, 3, 1), "1 keeps every largest piece");
    }

    @Test
    void keepsTheLargestPieceAndFillsEnclosedHoles() {
        byte[] v = {
            1, 1, 1, 1, 0, 0, 1,
            1, 0, 1, 1, 0, 0, 0,
            1, 1, 1, 1, 0, 2, 0,
            0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(new byte[] {
            1, 1, 1, 1, 0, 0, 0,
            1, 1, 1, 1, 0, 0, 0,
            1, 1, 1, 1, 0, 2, 0,
            0, 0, 0, 0, 0, 0, 0}, clean(v, 7, 4, 1, 3), "island of 1 gone, hole filled, class 2 kept");
    }

    @Test
    void holesOnTheBorderOrBetweenTwoClassesStay() {
        byte[] v = {
            0, 1, 1, 1, 2, 2, 2,
            1, 1, 1, 0, 2, 0, 2,
            1, 1, 1, 1, 2, 2, 2};
        // (0,0) touches the border; (3,1) lies between class 1 and class 2; (5,1) is enclosed by class 2 alone.
        assertArrayEquals(new byte[] {
            0, 1, 1, 1, 2, 2, 2,
            1, 1, 1, 0, 2, 2, 2,
            1, 1, 1, 1, 2, 2, 2}, clean(v, 7, 3, 1, 3));
    }

    @Test
    void theLargestPieceIsChosenOverTheWholeVolume() {
        // Plane 1: a 1-pixel piece at x=0 and a 2-pixel piece at x=3..4; plane 2: the first piece continues
        // through x=0..2, making it 4 voxels.
        byte[] v = {
            1, 0, 0, 1, 1,
            1, 1, 1, 0, 0,
        };
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 1, 1, 1, 0, 0}, clean(v, 5, 1, 2, 2),
                "the piece through both planes (4 voxels) beats the 2-pixel one");
    }
}
