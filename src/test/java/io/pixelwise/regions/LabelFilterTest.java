package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelFilterTest {

    /** 5 x 4: object 1 (4 px) inside, 2 (2 px) on the left edge, 3 (1 px) inside, 5 (3 px) on the bottom row. */
    private static final int[] PLANE = {
            0, 0, 0, 0, 0,
            2, 1, 1, 3, 0,
            2, 1, 1, 0, 0,
            0, 0, 5, 5, 5};

    @Test
    void sizeRangeAndEdgesDecideEachObject() {
        var labels = ArrayImgs.ints(PLANE, 5, 4);
        assertArrayEquals(new boolean[] {false, true, true, true, false, true},
                LabelFilter.keep(labels, 0, LabelFilter.NO_MAXIMUM, false), "all present ones; 0 and 4 are none");
        assertArrayEquals(new boolean[] {false, true, true, false, false, true},
                LabelFilter.keep(labels, 2, LabelFilter.NO_MAXIMUM, false), "at least 2 px");
        assertArrayEquals(new boolean[] {false, false, true, false, false, true},
                LabelFilter.keep(labels, 2, 3, false), "2 to 3 px");
        assertArrayEquals(new boolean[] {false, true, false, true, false, false},
                LabelFilter.keep(labels, 0, LabelFilter.NO_MAXIMUM, true), "off the edge");
        assertArrayEquals(new boolean[] {false, false, false, true, false, false},
                LabelFilter.keep(labels, 0, 1, true), "off the edge and at most 1 px");
    }

    /**
     * Over slices, a label's voxels are one object: its size sums them, and it touches the edge if it does on any
     * slice. The first and last slices are not an edge.
     */
    @Test
    void aStacksObjectsSpanItsSlicesAndItsEndsAreNoEdge() {
        int[] stack = new int[5 * 4 * 3];
        System.arraycopy(PLANE, 0, stack, 0, 20);
        stack[20 + 6] = 1;                                  // object 1 continues on slice 2, inside
        stack[40 + 9] = 3;                                  // object 3 reaches the right edge on slice 3
        var labels = ArrayImgs.ints(stack, 5, 4, 3);
        assertArrayEquals(new boolean[] {false, true, false, false, false, false},
                LabelFilter.keep(labels, 0, LabelFilter.NO_MAXIMUM, true));
        assertArrayEquals(new boolean[] {false, true, false, false, false, false},
                LabelFilter.keep(labels, 5, LabelFilter.NO_MAXIMUM, false), "object 1 has 5 voxels");
    }

    @Test
    void negativeLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LabelFilter.keep(ArrayImgs.ints(new int[] {0, -1}, 2, 1), 0, 1, false));
    }
}
