package io.pixelwise.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SymmetryTest {

    /** The image of a w x h plane (values 0..w*h-1) under a code. */
    private static int[] image(int w, int h, int code) {
        int tw = Symmetry.transposes(code) ? h : w;
        int th = Symmetry.transposes(code) ? w : h;
        int[] out = new int[w * h];
        for (int v = 0, i = 0; v < th; v++) {
            for (int u = 0; u < tw; u++, i++) {
                out[i] = Symmetry.sourceIndex(u, v, tw, th, code);
            }
        }
        return out;
    }

    @Test
    void theEightCodesAreEightDifferentRearrangementsOfARectangle() {
        int w = 5;
        int h = 3;
        Set<String> distinct = new HashSet<>();
        for (int code = 0; code < 8; code++) {
            int[] img = image(w, h, code);
            int[] sorted = img.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                assertEquals(i, sorted[i], "code " + code + " takes every pixel once");
            }
            distinct.add(Arrays.toString(img));
        }
        assertEquals(8, distinct.size());
    }

    @Test
    void codesMoveThePixelsTheirNamesSay() {
        // a 3 x 2 plane:  0 1 2 / 3 4 5
        assertArrayEquals(new int[] {2, 1, 0, 5, 4, 3}, image(3, 2, Symmetry.FLIP_X));
        assertArrayEquals(new int[] {3, 4, 5, 0, 1, 2}, image(3, 2, Symmetry.FLIP_Y));
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, image(3, 2, Symmetry.TRANSPOSE));
    }

    @Test
    void eachSettingGivesAGroup() {
        boolean[] no = {false, true};
        for (boolean fx : no) {
            for (boolean fy : no) {
                for (boolean rot : no) {
                    int[] codes = Symmetry.codes(fx, fy, rot);
                    Set<String> members = new HashSet<>();
                    for (int c : codes) {
                        members.add(Arrays.toString(image(4, 4, c)));
                    }
                    for (int a : codes) {
                        for (int b : codes) {
                            int[] ia = image(4, 4, a);
                            int[] ib = image(4, 4, b);
                            int[] composed = new int[16];
                            for (int i = 0; i < 16; i++) {
                                composed[i] = ib[ia[i]];
                            }
                            assertEquals(true, members.contains(Arrays.toString(composed)),
                                    "closed under composition: " + fx + fy + rot);
                        }
                    }
                }
            }
        }
        assertEquals(2, Symmetry.codes(true, false, false).length);
        assertEquals(4, Symmetry.codes(false, false, true).length);
        assertEquals(8, Symmetry.codes(false, true, true).length);
    }
}
