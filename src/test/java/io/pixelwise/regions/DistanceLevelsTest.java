package io.pixelwise.regions;

import io.pixelwise.eval.InstanceMatching;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistanceLevelsTest {

    /**
     * Touching discs and ellipses of random size and angle, as crowded nuclei lie: each keeps the part of its ellipse
     * that is nearer its centre than any other centre (its Voronoi cell), so objects stay convex and meet along
     * straight lines.
     */
    static int[] crowd(int w, int h, int objects, long seed) {
        Random r = new Random(seed);
        double[][] e = new double[objects][];
        for (int i = 0; i < objects; i++) {
            double a = 4 + r.nextDouble() * 12;
            double angle = r.nextDouble() * Math.PI;
            e[i] = new double[] {r.nextDouble() * w, r.nextDouble() * h, a, a * (0.6 + r.nextDouble() * 0.4),
                    Math.cos(angle), Math.sin(angle)};
        }
        int[] labels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nearest = 0;
                double best = Double.MAX_VALUE;
                for (int i = 0; i < objects; i++) {
                    double d = (x - e[i][0]) * (x - e[i][0]) + (y - e[i][1]) * (y - e[i][1]);
                    if (d < best) {
                        best = d;
                        nearest = i;
                    }
                }
                double[] n = e[nearest];
                double u = ((x - n[0]) * n[4] + (y - n[1]) * n[5]) / n[2];
                double v = (-(x - n[0]) * n[5] + (y - n[1]) * n[4]) / n[3];
                if (u * u + v * v <= 1) {
                    labels[y * w + x] = nearest + 1;
                }
            }
        }
        return labels;
    }

    @Test
    void levelsAreDistancesToTheEdgeCapped() {
        int[] labels = {
                1, 1, 1, 1, 1, 2, 2,
                1, 1, 1, 1, 1, 2, 2,
                1, 1, 1, 1, 1, 2, 2,
                0, 0, 0, 0, 0, 0, 0};
        byte[] levels = DistanceLevels.encode(labels, 7, 4, 2);
        assertArrayEquals(new byte[] {
                2, 2, 2, 2, 1, 1, 2,
                2, 2, 2, 2, 1, 1, 2,
                1, 1, 1, 1, 1, 1, 1,
                0, 0, 0, 0, 0, 0, 0}, levels, "the image border is no edge; the cap holds the deeper pixels");
    }

    @Test
    void idealLevelsGiveBackTheObjects() {
        int w = 256;
        int h = 192;
        for (long seed = 1; seed <= 5; seed++) {
            int[] truth = crowd(w, h, 80, seed);
            int[] relabelled = components(truth, w, h);
            for (int[] levelsAndSeed : new int[][] {{3, 2}, {6, 2}, {6, 3}}) {
                int[] level = toInts(DistanceLevels.encode(relabelled, w, h, levelsAndSeed[0]));
                int[] decoded = new int[w * h];
                int n = DistanceLevels.decode(level, w, h, levelsAndSeed[1], decoded, 1);
                InstanceMatching m = new InstanceMatching(0.9);
                m.add(ArrayImgs.ints(relabelled, w, h), ArrayImgs.ints(decoded, w, h));
                // seed level 2 is exact; a higher one may lose a thin object's pixels to its neighbour here and there
                assertEquals(1.0, m.averagePrecision(0), levelsAndSeed[1] == 2 ? 1e-12 : 0.03, "AP@0.9, seed " + seed
                        + ", levels/seed level " + Arrays.toString(levelsAndSeed));
                if (levelsAndSeed[1] == 2) {
                    assertEquals(Arrays.stream(relabelled).max().getAsInt(), n);
                }
                for (int i = 0; i < w * h; i++) {
                    assertEquals(relabelled[i] == 0, decoded[i] == 0, "foreground is kept");
                }
            }
        }
    }

    @Test
    void decodingIsDeterministicAndNumbersFromTheFirstId() {
        int w = 128;
        int[] level = toInts(DistanceLevels.encode(components(crowd(w, w, 30, 9), w, w), w, w, 4));
        // noise: levels off by one here and there, as a network's would be
        Random r = new Random(3);
        for (int i = 0; i < level.length; i++) {
            if (level[i] > 0 && r.nextInt(10) == 0) {
                level[i] = Math.max(1, Math.min(4, level[i] + (r.nextBoolean() ? 1 : -1)));
            }
        }
        int[] a = new int[w * w];
        int[] b = new int[w * w];
        int na = DistanceLevels.decode(level, w, w, 3, a, 1);
        int nb = DistanceLevels.decode(level, w, w, 3, b, 101);
        assertEquals(na, nb);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] == 0 ? 0 : a[i] + 100, b[i]);
        }
        assertTrue(na > 0);
    }

    @Test
    void badLevelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DistanceLevels.encode(new int[4], 2, 2, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DistanceLevels.decode(new int[] {0, 200, 0, 0}, 2, 2, 2, new int[4], 1));
    }

    /** One id per 4-connected piece: an ellipse drawn over may be cut in two, which is then two objects. */
    static int[] components(int[] labels, int w, int h) {
        int[] out = new int[labels.length];
        int[] queue = new int[labels.length];
        int next = 1;
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] == 0 || out[s] != 0) {
                continue;
            }
            out[s] = next;
            int tail = 0;
            queue[tail++] = s;
            for (int head = 0; head < tail; head++) {
                int p = queue[head];
                int x = p % w;
                int y = p / w;
                for (int q : new int[] {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1,
                        y < h - 1 ? p + w : -1}) {
                    if (q >= 0 && out[q] == 0 && labels[q] == labels[p]) {
                        out[q] = next;
                        queue[tail++] = q;
                    }
                }
            }
            next++;
        }
        return out;
    }

    static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }
}
