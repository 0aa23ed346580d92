package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContoursTest {

    private static Map<Integer, Outline> outlinesOf(Connectivity c, String... rows) {
        var cls = ShapesFixture.draw(rows);
        var labels = ArrayImgs.ints(cls.dimension(0), cls.dimension(1));
        ConnectedComponents.label(cls, labels, new boolean[] {false, true}, c, 1);
        return Contours.outlines(labels, c);
    }

    @Test
    void fourByFourBlobOutlineIsItsSquareOnPixelCorners() {
        Map<Integer, Outline> o = outlinesOf(Connectivity.FACE,
                "........",
                "..1111..",
                "..1111..",
                "..1111..",
                "..1111..",
                "........");
        assertEquals(1, o.size());
        Outline.Loop loop = o.get(1).loops().get(0);
        assertFalse(loop.hole());
        // from the second corner, as ImageJ's wand traces it
        assertArrayEquals(new int[] {6, 2, 2, 6}, loop.xs());
        assertArrayEquals(new int[] {5, 5, 1, 1}, loop.ys());
        assertEquals(16, o.get(1).area());
    }

    @Test
    void ringHasAnOuterLoopAndAHole() {
        Map<Integer, Outline> o = outlinesOf(Connectivity.FACE,
                "11111",
                "1...1",
                "1...1",
                "11111");
        Outline ring = o.get(1);
        assertEquals(2, ring.loops().size());
        assertEquals(1, ring.loops().stream().filter(Outline.Loop::hole).count());
        assertEquals(20 - 6, ring.area());
    }

    @Test
    void irregularShapeAreaMatchesPixelCount() {
        String[] rows = {
                ".111...",
                ".1.11..",
                "1111111",
                "..1..1.",
                "..111.."};
        Map<Integer, Outline> o = outlinesOf(Connectivity.FACE, rows);
        long pixels = String.join("", rows).chars().filter(c -> c == '1').count();
        assertEquals(1, o.size());
        assertEquals(pixels, o.get(1).area());
    }

    @Test
    void diagonalPinchStaysOneLoopForEightConnectedRegions() {
        Map<Integer, Outline> full = outlinesOf(Connectivity.FULL,
                "11..",
                "11..",
                "..11",
                "..11");
        assertEquals(1, full.size());
        assertEquals(1, full.get(1).loops().size());
        assertEquals(8, full.get(1).area());
        assertEquals(8, full.get(1).loops().get(0).xs().length);
    }

    @Test
    void outlinesUseImageCoordinatesOfOffsetViews() {
        var labels = ArrayImgs.ints(new int[] {0, 0, 0, 7}, 2, 2);
        var shifted = net.imglib2.view.Views.translate(labels, 10, 20);
        Outline.Loop loop = Contours.outlines(shifted, Connectivity.FACE).get(7).loops().get(0);
        assertArrayEquals(new int[] {12, 11, 11, 12}, loop.xs());
        assertArrayEquals(new int[] {22, 22, 21, 21}, loop.ys());
        assertTrue(loop.signedArea() > 0);
    }
}
