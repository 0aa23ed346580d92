package io.pixelwise.train;

import io.pixelwise.model.ModelDescriptor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchSamplerTest {

    private static final PatchSampler.Augmentation ALL = new PatchSampler.Augmentation(true, true, true, false);

    /** Identity normalisation, so sampled values are the raw values. */
    private static ModelDescriptor.Normalization identity() {
        return ModelDescriptor.Normalization.meanStd(0, 1);
    }

    /**
     * Two channels whose values encode the pixel's class and position: channel 0 = 10 * class + x / 100,
     * channel 1 = -(10 * class + y / 100). Any misalignment of image and mask shows up as a mismatch.
     */
    private static LabelledImage encoded(int w, int h, int slices) {
        float[][] planes = new float[2 * slices][w * h];
        byte[][] classes = new byte[slices][w * h];
        for (int s = 0; s < slices; s++) {
            for (int i = 0; i < w * h; i++) {
                int k = (i * 7919 + s) % 3;
                classes[s][i] = (byte) k;
                planes[2 * s][i] = 10 * k + (i % w) / 100f;
                planes[2 * s + 1][i] = -(10 * k + (i / w) / 100f);
            }
        }
        return new LabelledImage("enc", w, h, 2, slices, planes, classes, null);
    }

    @Test
    void everyPatchKeepsImageAndMaskAlignedUnderAllSymmetriesAndPadding() {
        // 40x40 planes are larger than 16-pixel patches; 9x12 planes smaller, so patches are mirror-padded.
        for (LabelledImage im : List.of(encoded(40, 40, 2), encoded(9, 12, 3))) {
            PatchSampler s = new PatchSampler(List.of(im), 16, ALL, identity(), 0);
            float[] x = new float[8 * 16 * 16 * 2];
            int[] y = new int[8 * 16 * 16];
            Random r = new Random(1);
            for (int round = 0; round < 50; round++) {
                s.fill(x, y, 8, r);
                for (int i = 0; i < y.length; i++) {
                    assertEquals(y[i], (int) (x[2 * i] / 10), "channel 0 of pixel " + i + " lost its label");
                    assertEquals(y[i], (int) (-x[2 * i + 1] / 10), "channel 1 of pixel " + i + " lost its label");
                }
            }
        }
    }

    @Test
    void elasticWarpsMoveImageAndMaskTogether() {
        long[] counts = resampledPatchesKeepTheirMasks(new PatchSampler.Augmentation(true, true, true, false, true, 1,
                1));
        assertTrue(counts[1] > counts[0] / 2, "most samples are warped off the pixel grid: " + counts[1] + " of "
                + counts[0]);
    }

    @Test
    void zoomScalesImageAndMaskTogether() {
        long[] counts = resampledPatchesKeepTheirMasks(new PatchSampler.Augmentation(true, true, true, false, false,
                1.25, 1));
        assertTrue(counts[1] > counts[0] / 2, "most samples fall between pixels: " + counts[1] + " of " + counts[0]);
        assertTrue(counts[2] > 0 && counts[3] > 0, "patches zoomed in (" + counts[2] + ") and out (" + counts[3]
                + ")");
        counts = resampledPatchesKeepTheirMasks(new PatchSampler.Augmentation(true, true, true, false, true, 1.5,
                1));
        assertTrue(counts[2] > 0 && counts[3] > 0, "zoom and elastic warps together");
    }

    /**
     * Samples patches of a plane whose channels are x and y (linear, so bilinear sampling returns the exact position
     * sampled) and whose class encodes the position too, (x mod 16) + 16 (y mod 16), and checks each mask pixel is
     * the pixel nearest to where the image was sampled. Returns samples inside the plane, those off the pixel grid,
     * and patches whose first row steps by less than 0.95 and by more than 1.05 pixels on average (zoomed in, out).
     */
    private static long[] resampledPatchesKeepTheirMasks(PatchSampler.Augmentation augmentation) {
        int w = 120;
        int h = 100;
        float[][] planes = new float[2][w * h];
        byte[][] classes = new byte[1][w * h];
        for (int i = 0; i < w * h; i++) {
            planes[0][i] = i % w;
            planes[1][i] = i / w;
            classes[0][i] = (byte) (i % w % 16 + 16 * (i / w % 16));
        }
        LabelledImage im = new LabelledImage("positions", w, h, 2, 1, planes, classes, null);
        int side = 32;
        PatchSampler s = new PatchSampler(List.of(im), side, augmentation, identity(), 0);
        float[] x = new float[8 * side * side * 2];
        int[] y = new int[8 * side * side];
        Random r = new Random(4);
        long[] counts = new long[4];
        for (int round = 0; round < 20; round++) {
            s.fill(x, y, 8, r);
            for (int i = 0; i < y.length; i++) {
                float fx = x[2 * i];
                float fy = x[2 * i + 1];
                if (fx < 0 || fy < 0 || fx > w - 1 || fy > h - 1) {
                    continue;
                }
                counts[0]++;
                int nx = (int) Math.floor(fx + 0.5);
                int ny = (int) Math.floor(fy + 0.5);
                // the image holds floats: a position within their rounding of a half may round to either side
                boolean tie = Math.abs(fx - Math.floor(fx) - 0.5) < 1e-4 || Math.abs(fy - Math.floor(fy) - 0.5) < 1e-4;
                if (!tie) {
                    assertEquals(nx % 16 + 16 * (ny % 16), y[i], "the mask is the nearest pixel to where the image "
                            + "was sampled (" + fx + ", " + fy + ")");
                }
                counts[1] += fx != Math.rint(fx) || fy != Math.rint(fy) ? 1 : 0;
            }
            for (int b = 0; b < 8; b++) {
                int first = b * side * side;
                int last = first + side - 1;
                // a patch's first row, whatever flips and turns: the distance its ends span in the plane
                double span = Math.hypot(x[2 * last] - x[2 * first], x[2 * last + 1] - x[2 * first + 1]) / (side - 1);
                counts[2] += span < 0.95 ? 1 : 0;
                counts[3] += span > 1.05 ? 1 : 0;
            }
        }
        assertTrue(counts[0] > y.length * 10L, "most samples fall inside the plane");
        return counts;
    }

    /**
     * One 16 x 16 patch of 2 channels drawn by each sampler with the same seed, so the same crop and symmetry: checks
     * the masks are equal (intensity changes never touch them) and returns both images.
     */
    private static float[][] samePatch(PatchSampler plain, PatchSampler changed, long seed) {
        float[] x0 = new float[16 * 16 * 2];
        float[] x1 = new float[x0.length];
        int[] y0 = new int[16 * 16];
        int[] y1 = new int[y0.length];
        plain.fill(x0, y0, 1, new Random(seed));
        changed.fill(x1, y1, 1, new Random(seed));
        assertArrayEquals(y0, y1, "same crop and transform, same mask");
        return new float[][] {x0, x1};
    }

    @Test
    void intensityAugmentationChangesTheImageButNeverTheMask() {
        LabelledImage im = encoded(40, 40, 1);
        PatchSampler plain = new PatchSampler(List.of(im), 16, ALL, identity(), 0);
        PatchSampler bright = new PatchSampler(List.of(im), 16, new PatchSampler.Augmentation(true, true, true, true),
                identity(), 0);
        for (long seed = 0; seed < 20; seed++) {
            float[][] xs = samePatch(plain, bright, seed);
            float[] x0 = xs[0];
            float[] x1 = xs[1];
            // x1 = gain * x0 + shift for one gain and shift per patch
            double gain = (x1[2] - x1[0]) / (x0[2] - x0[0]);
            double shift = x1[0] - gain * x0[0];
            assertTrue(gain >= 0.8 - 1e-4 && gain <= 1.2 + 1e-4, "gain " + gain);
            for (int i = 0; i < x0.length; i++) {
                assertEquals(gain * x0[i] + shift, x1[i], 1e-3);
            }
        }
    }

    @Test
    void gammaBendsEachPatchWithinItsRangeAndNeverTouchesTheMask() {
        LabelledImage im = encoded(40, 40, 1);
        PatchSampler plain = new PatchSampler(List.of(im), 16, ALL, identity(), 0);
        PatchSampler bent = new PatchSampler(List.of(im), 16, new PatchSampler.Augmentation(true, true, true, false,
                false, 1, 2), identity(), 0);
        int darker = 0;
        int brighter = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[][] xs = samePatch(plain, bent, seed);
            float[] x0 = xs[0];
            float[] x1 = xs[1];
            for (int k = 0; k < 2; k++) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = k; i < x0.length; i += 2) {
                    min = Math.min(min, x0[i]);
                    max = Math.max(max, x0[i]);
                }
                // one power per patch: x1 = min + (max - min) t^p where t = (x0 - min) / (max - min); find p at one
                // pixel strictly inside the range, then check every pixel of the channel against it
                double p = Double.NaN;
                for (int i = k; i < x0.length && Double.isNaN(p); i += 2) {
                    double t = (x0[i] - min) / (max - min);
                    if (t > 0.2 && t < 0.8) {
                        p = Math.log((x1[i] - min) / (max - min)) / Math.log(t);
                    }
                }
                assertTrue(p >= 0.5 - 1e-3 && p <= 2 + 1e-3, "power " + p + " within 1/2 to 2");
                for (int i = k; i < x0.length; i += 2) {
                    double t = (x0[i] - min) / (max - min);
                    assertEquals(min + (max - min) * Math.pow(t, p), x1[i], 1e-3 * (max - min), "pixel " + i);
                }
                darker += p > 1.05 ? 1 : 0;
                brighter += p < 0.95 ? 1 : 0;
            }
        }
        assertTrue(darker > 0 && brighter > 0, "powers both above (" + darker + ") and below (" + brighter + ") 1");
    }

    @Test
    void gammaBendsA3dPatchAsOneVolume() {
        // two constant planes, 0 and 1: a power changes neither end of the range, so a 3D patch (2 slices) stays put
        float[][] planes = {new float[64], new float[64]};
        java.util.Arrays.fill(planes[1], 1f);
        LabelledImage stack = new LabelledImage("stack", 8, 8, 1, 2, planes, new byte[2][64], null);
        PatchSampler s = new PatchSampler(List.of(stack), 8, 2, new PatchSampler.Augmentation(false, false, false,
                false, false, 1, 2), identity(), 0);
        float[] x = new float[2 * 64];
        s.fill(x, new int[2 * 64], 1, new Random(5));
        Set<Float> values = new HashSet<>();
        for (float v : x) {
            values.add(v);
        }
        assertEquals(Set.of(0f, 1f), values, "the range is the whole volume's, not each plane's");
    }

    /** The maps (u, v) -> source index of a 4x4 patch cropped at the origin of a 4x4 plane, for each transform. */
    private static Set<List<Integer>> maps(PatchSampler s, int[] transforms) {
        Set<List<Integer>> out = new HashSet<>();
        for (int t : transforms) {
            List<Integer> m = new java.util.ArrayList<>();
            for (int v = 0; v < 4; v++) {
                for (int u = 0; u < 4; u++) {
                    m.add(s.sourceIndex(4, 4, 0, 0, u, v, t));
                }
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void eachAugmentationSettingAllowsExactlyItsSymmetries() {
        PatchSampler s = new PatchSampler(List.of(encoded(4, 4, 1)), 4, ALL, identity(), 0);
        assertEquals(8, maps(s, ALL.transforms()).size(), "flips and rotations: the 8 symmetries of the square");
        int[] rotations = new PatchSampler.Augmentation(false, false, true, false).transforms();
        assertEquals(4, maps(s, rotations).size());
        for (int t : rotations) {
            // The map is (sx, sy) = A (u, v) + b; a rotation has det A = +1, a reflection -1.
            int o = s.sourceIndex(4, 4, 0, 0, 0, 0, t);
            int eu = s.sourceIndex(4, 4, 0, 0, 1, 0, t);
            int ev = s.sourceIndex(4, 4, 0, 0, 0, 1, t);
            int det = (eu % 4 - o % 4) * (ev / 4 - o / 4) - (eu / 4 - o / 4) * (ev % 4 - o % 4);
            assertEquals(1, det, "transform " + t + " is a rotation, not a reflection");
        }
        int[] flipX = new PatchSampler.Augmentation(true, false, false, false).transforms();
        for (int t : flipX) {
            for (int v = 0; v < 4; v++) {
                assertEquals(v, s.sourceIndex(4, 4, 0, 0, 2, v, t) / 4, "x flips keep every row in place");
            }
        }
        assertEquals(2, maps(s, flipX).size());
        assertEquals(1, maps(s, new PatchSampler.Augmentation(false, false, false, true).transforms()).size());
    }

    @Test
    void mirrorReflectsWithoutRepeatingTheEdgeLikeImgLib2() {
        assertEquals(1, io.pixelwise.model.TensorLayout.mirror(-1, 5));
        assertEquals(3, io.pixelwise.model.TensorLayout.mirror(5, 5));
        assertEquals(0, io.pixelwise.model.TensorLayout.mirror(8, 5));
        assertEquals(2, io.pixelwise.model.TensorLayout.mirror(-10, 5));
        assertEquals(0, io.pixelwise.model.TensorLayout.mirror(-3, 1));
    }

    @Test
    void patchesComeFromEveryPlaneOfAStack() {
        LabelledImage im = encoded(20, 20, 3);
        for (int s = 0; s < 3; s++) {
            java.util.Arrays.fill(im.planes()[2 * s], 100f * s);
            java.util.Arrays.fill(im.classes()[s], (byte) 0);
        }
        PatchSampler sampler = new PatchSampler(List.of(im), 8, ALL, identity(), 0);
        Set<Float> seen = new HashSet<>();
        float[] x = new float[8 * 8 * 2];
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            sampler.fill(x, new int[64], 1, r);
            seen.add(x[0]);
        }
        assertEquals(Set.of(0f, 100f, 200f), seen);
        assertNotEquals(0, sampler.pixels());
    }

    @Test
    void sliceContextTakesTheNeighbouringPlanesInOrder() {
        // Three constant planes, 1, 11 and 21; with one plane of context every patch holds (above, plane, below).
        float[][] planes = {new float[64], new float[64], new float[64]};
        for (int s = 0; s < 3; s++) {
            java.util.Arrays.fill(planes[s], 10 * s + 1);
        }
        LabelledImage stack = new LabelledImage("stack", 8, 8, 1, 3, planes, new byte[3][64], null);
        PatchSampler sampler = new PatchSampler(List.of(stack), 8, ALL, identity(), 1);
        assertEquals(3, sampler.channels());
        Set<List<Float>> seen = new HashSet<>();
        float[] x = new float[8 * 8 * 3];
        Random r = new Random(4);
        for (int i = 0; i < 40; i++) {
            sampler.fill(x, new int[64], 1, r);
            seen.add(List.of(x[0], x[1], x[2]));
        }
        assertEquals(Set.of(List.of(11f, 1f, 11f), List.of(1f, 11f, 21f), List.of(11f, 21f, 11f)), seen);
    }

    @Test
    void volumePatchesAreRunsOfPlanesMovedAlikeWithTheirClasses() {
        // Plane z holds 100 * z + x + y / 100; 3D patches of 4 slices from a stack of 3 planes (mirrored beyond).
        int side = 6;
        int depth = 3;
        float[][] planes = new float[depth][side * side];
        byte[][] classes = new byte[depth][side * side];
        for (int z = 0; z < depth; z++) {
            for (int i = 0; i < side * side; i++) {
                planes[z][i] = 100 * z + i % side + (i / side) / 100f;
                classes[z][i] = (byte) ((i * 7 + z) % 3);
            }
        }
        LabelledImage stack = new LabelledImage("stack", side, side, 1, depth, planes, classes, null);
        PatchSampler sampler = new PatchSampler(List.of(stack), 4, 4, ALL, identity(), 0);
        assertEquals(4, sampler.slices());
        int area = 16;
        float[] x = new float[2 * 4 * area];
        int[] y = new int[x.length];
        Set<Integer> starts = new HashSet<>();
        Random r = new Random(5);
        for (int round = 0; round < 60; round++) {
            sampler.fill(x, y, 2, r);
            for (int b = 0; b < 2; b++) {
                int[] zs = new int[4];
                for (int s = 0; s < 4; s++) {
                    int base = (b * 4 + s) * area;
                    zs[s] = (int) Math.floor(x[base] / 100);
                    for (int i = 0; i < area; i++) {
                        float v = x[base + i];
                        int z = (int) Math.floor(v / 100);
                        assertEquals(zs[s], z, "every pixel of a patch plane comes from one slice");
                        assertEquals(x[b * 4 * area + i] - 100 * zs[0], v - 100 * z, 1e-4,
                                "every plane of a patch has the same crop, flip and turn");
                        float rest = v - 100 * z;
                        int px = (int) Math.floor(rest);
                        int py = Math.round((rest - px) * 100);
                        assertEquals(classes[z][py * side + px], y[base + i], "the class moved with its pixel");
                    }
                }
                for (int s = 1; s < 4; s++) {
                    assertEquals(1, Math.abs(zs[s] - zs[s - 1]), "consecutive slices, mirrored at the ends: "
                            + java.util.Arrays.toString(zs));
                }
                starts.add(zs[0] * 10 + zs[1]);
            }
        }
        assertTrue(starts.size() > 1, "patches start at different depths");
        assertThrows(IllegalArgumentException.class, () -> new PatchSampler(List.of(stack), 4, 4, ALL, identity(), 1),
                "a 3D patch takes no slice context");
    }
}
