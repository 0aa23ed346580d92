package io.pixelwise.regions;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatershedTest {

    @Test
    void distancesAreExactEuclideanAndUseThePixelSpacing() {
        // 7x5 all inside except one pixel at (2, 1): distance = hypot(dx, dy) to it.
        int w = 7;
        int h = 5;
        boolean[] in = new boolean[w * h];
        java.util.Arrays.fill(in, true);
        in[1 * w + 2] = false;
        float[] d = DistanceTransform.euclidean(in, new int[] {w, h}, new double[] {1, 1});
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(Math.hypot(x - 2, y - 1), d[y * w + x], 1e-6, "x=" + x + " y=" + y);
            }
        }
        // The same with 0.5 x 2 pixels: hypot(0.5 dx, 2 dy).
        float[] a = DistanceTransform.euclidean(in, new int[] {w, h}, new double[] {0.5, 2});
        assertEquals(Math.hypot(0.5 * 4, 2 * 3), a[4 * w + 6], 1e-6);
        // A 3D ball's centre in a 5x5x5 box whose only outside voxel is a corner: sqrt(2^2 + 2^2 + 2^2 * 9).
        boolean[] box = new boolean[125];
        java.util.Arrays.fill(box, true);
        box[0] = false;
        float[] b = DistanceTransform.euclidean(box, new int[] {5, 5, 5}, new double[] {1, 1, 3});
        assertEquals(Math.sqrt(4 + 4 + 36), b[2 + 5 * 2 + 25 * 2], 1e-5);
        assertTrue(Float.isInfinite(DistanceTransform.euclidean(new boolean[] {true, true}, new int[] {2},
                new double[] {1})[0]), "nothing outside: no finite distance");
    }

    @Test
    void splittingObjectByObjectInItsBoxGivesWhatTheWholeImageRecipeGives() {
        // Crowded, touching, overlapping discs of a few ids, cut by the image border, in 2D and anisotropic 3D.
        java.util.Random random = new java.util.Random(7);
        for (int[] dims : new int[][] {{97, 64}, {40, 33, 9}}) {
            int n = java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
            int[] labels = new int[n];
            for (int disc = 0; disc < 60; disc++) {
                int id = 1 + random.nextInt(25);
                double r = 3 + 5 * random.nextDouble();
                double[] centre = new double[dims.length];
                for (int d = 0; d < dims.length; d++) {
                    centre[d] = dims[d] * random.nextDouble();
                }
                int[] c = new int[dims.length];
                for (int p = 0; p < n; p++) {
                    double sq = 0;
                    for (int d = 0; d < dims.length; d++) {
                        double t = (c[d] - centre[d]) * (d == 2 ? 2 : 1);
                        sq += t * t;
                    }
                    if (sq <= r * r) {
                        labels[p] = id;
                    }
                    for (int d = 0; d < dims.length && ++c[d] == dims[d]; d++) {
                        c[d] = 0;
                    }
                }
            }
            double[] spacing = dims.length == 2 ? new double[] {1, 1} : new double[] {1, 1, 2};
            for (Connectivity connectivity : Connectivity.values()) {
                for (double depth : new double[] {0.5, 1.5}) {
                    Watershed.Split split = Watershed.split(labels, dims, spacing, depth, connectivity);
                    var whole = Watershed.splitWhole(labels.clone(), dims, spacing, depth, connectivity);
                    String at = dims.length + "D " + connectivity + " h=" + depth;
                    assertTrue(split.count() > 30, at + ": parts to compare: " + split.count());
                    assertArrayEquals(whole.origin(), split.origin(), at);
                    assertArrayEquals(whole.labels(), split.labels(), at);
                }
            }
        }
    }

    /** Two discs of radius 10, centres 16 apart on y = 15: one object, its neck 6 pixels from the edge. */
    private static int[] twoDiscs(int w, int h) {
        int[] labels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = (x - 12) * (x - 12) + (y - 15) * (y - 15) <= 100;
                boolean right = (x - 28) * (x - 28) + (y - 15) * (y - 15) <= 100;
                labels[y * w + x] = left || right ? 5 : 0;
            }
        }
        return labels;
    }

    @Test
    void touchingDiscsSplitAtTheirNeckWhenItIsDeeperThanH() {
        int w = 41;
        int h = 31;
        int[] labels = twoDiscs(w, h);
        // Peaks are ~10 from the edge, the neck ~6: a dynamic of ~4.
        Watershed.Split split = Watershed.split(labels, new int[] {w, h}, new double[] {1, 1}, 2,
                Connectivity.FACE);
        assertEquals(2, split.count());
        assertArrayEquals(new int[] {5, 5}, split.origin(), "both parts come from object 5");
        int left = split.labels()[15 * w + 12];
        int right = split.labels()[15 * w + 28];
        assertTrue(left != right && left > 0 && right > 0);
        int[] area = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = split.labels()[y * w + x];
                assertEquals(labels[y * w + x] != 0, l != 0, "every object pixel, and only those, is labelled");
                if (l != 0) {
                    area[l]++;
                    if (x != 20) {
                        assertEquals(x < 20 ? left : right, l, "the cut runs through the neck at x=20");
                    }
                }
            }
        }
        assertTrue(Math.abs(area[1] - area[2]) <= h, "symmetric halves: " + area[1] + " vs " + area[2]);
        Watershed.Split whole = Watershed.split(labels, new int[] {w, h}, new double[] {1, 1}, 5, Connectivity.FACE);
        assertEquals(1, whole.count(), "a neck shallower than h keeps the object whole");
    }

    @Test
    void aBarStaysWholeAndTouchingObjectsNeverTradePixels() {
        // A 30x8 bar (label 1) touching a 6x8 block (label 2); the bar's distance ridge is flat.
        int w = 40;
        int h = 10;
        int[] labels = new int[w * h];
        for (int y = 1; y < 9; y++) {
            for (int x = 2; x < 32; x++) {
                labels[y * w + x] = 1;
            }
            for (int x = 32; x < 38; x++) {
                labels[y * w + x] = 2;
            }
        }
        Watershed.Split split = Watershed.split(labels, new int[] {w, h}, new double[] {1, 1}, 1,
                Connectivity.FACE);
        assertEquals(2, split.count());
        for (int p = 0; p < labels.length; p++) {
            assertEquals(labels[p], labels[p] == 0 ? 0 : split.origin()[split.labels()[p] - 1], "pixel " + p);
        }
    }

    @Test
    void ballsSplitInThreeDimensions() {
        int n = 24;
        int[] labels = new int[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int a = (x - 7) * (x - 7) + (y - 12) * (y - 12) + (z - 12) * (z - 12);
                    int b = (x - 17) * (x - 17) + (y - 12) * (y - 12) + (z - 12) * (z - 12);
                    labels[(z * n + y) * n + x] = a <= 36 || b <= 36 ? 1 : 0;
                }
            }
        }
        Watershed.Split split = Watershed.split(labels, new int[] {n, n, n}, new double[] {1, 1, 1}, 1,
                Connectivity.FACE);
        assertEquals(2, split.count());
    }
}
