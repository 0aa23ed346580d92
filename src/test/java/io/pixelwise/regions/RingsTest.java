package io.pixelwise.regions;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingsTest {

    /**
     * Against brute force on random blobs: a pixel is in a ring exactly when it is background within the width of
     * some object, and its ring is an object at the least distance.
     */
    @Test
    void everyRingPixelGoesToANearestObjectWithinTheWidth() {
        Random random = new Random(7);
        int w = 40;
        int h = 30;
        for (int trial = 0; trial < 20; trial++) {
            int[] labels = new int[w * h];
            for (int id = 1; id <= 6; id++) {
                int cx = random.nextInt(w);
                int cy = random.nextInt(h);
                int r = 1 + random.nextInt(4);
                for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r + 1); y++) {
                    for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                            labels[y * w + x] = id;
                        }
                    }
                }
            }
            double width = 0.5 + random.nextDouble() * 5;
            int[] ring = Rings.around(labels, w, h, width);
            for (int i = 0; i < labels.length; i++) {
                double nearest = Double.MAX_VALUE;
                for (int j = 0; j < labels.length; j++) {
                    if (labels[j] != 0) {
                        nearest = Math.min(nearest, Math.hypot(i % w - j % w, i / w - j / w));
                    }
                }
                String at = "trial " + trial + ", width " + width + ", pixel " + i % w + "," + i / w;
                if (labels[i] != 0 || nearest > width) {
                    assertEquals(0, ring[i], at + ": no ring on an object or beyond the width");
                    continue;
                }
                assertTrue(ring[i] != 0, at + ": within the width of an object");
                double toItsObject = Double.MAX_VALUE;
                for (int j = 0; j < labels.length; j++) {
                    if (labels[j] == ring[i]) {
                        toItsObject = Math.min(toItsObject, Math.hypot(i % w - j % w, i / w - j / w));
                    }
                }
                assertEquals(nearest, toItsObject, 1e-9, at + ": its ring's object is a nearest one");
            }
        }
    }

    @Test
    void noObjectsOrNoWidthMakeNoRingAndTooWideIsRefused() {
        assertEquals(0, java.util.Arrays.stream(Rings.around(new int[12], 4, 3, 2)).sum());
        int[] one = new int[12];
        one[5] = 3;
        assertEquals(0, java.util.Arrays.stream(Rings.around(one, 4, 3, 0)).sum());
        int[] ring = Rings.around(one, 4, 3, 1);
        assertEquals(4, java.util.Arrays.stream(ring).filter(v -> v == 3).count(), "the 4 side neighbours");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rings.around(one, 4, 3, 1000));
        assertTrue(e.getMessage().contains("0 to 256 pixels wide"), e.getMessage());
    }
}
