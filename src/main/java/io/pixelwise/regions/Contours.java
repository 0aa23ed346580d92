package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traces label outlines by crack following: every pixel side between a region pixel and a non-region pixel is a
 * directed edge with the region on its right; edges link into closed loops. Where two region pixels meet only at
 * a corner, the turn taken follows the connectivity the labels were made with, so a FULL (8-connected) region
 * stays one loop and a FACE (4-connected) one splits there.
 */
public final class Contours {

    // Directions: 0 = +x, 1 = +y, 2 = -x, 3 = -y (image coordinates, y down).
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    private Contours() {
    }

    /** Outlines of every non-zero label in a 2D label plane, by label. */
    public static <L extends IntegerType<L>> Map<Integer, Outline> outlines(RandomAccessibleInterval<L> plane,
                                                                            Connectivity connectivity) {
        if (plane.numDimensions() != 2) {
            throw new IllegalArgumentException("outlines need a 2D plane, got " + plane.numDimensions() + "D");
        }
        Map<Integer, int[]> boxes = new TreeMap<>();
        Cursor<L> c = Views.zeroMin(plane).localizingCursor();
        while (c.hasNext()) {
            int l = c.next().getInteger();
            if (l == 0) {
                continue;
            }
            int x = c.getIntPosition(0);
            int y = c.getIntPosition(1);
            int[] b = boxes.computeIfAbsent(l, k -> new int[] {x, y, x, y});
            b[0] = Math.min(b[0], x);
            b[1] = Math.min(b[1], y);
            b[2] = Math.max(b[2], x);
            b[3] = Math.max(b[3], y);
        }
        Map<Integer, Outline> out = new TreeMap<>();
        RandomAccess<L> ra = Views.extendZero(Views.zeroMin(plane)).randomAccess();
        long ox = plane.min(0);
        long oy = plane.min(1);
        for (Map.Entry<Integer, int[]> e : boxes.entrySet()) {
            int[] b = e.getValue();
            out.put(e.getKey(), trace(ra, e.getKey(), b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1, connectivity,
                    (int) ox, (int) oy));
        }
        return out;
    }

    private static <L extends IntegerType<L>> Outline trace(RandomAccess<L> ra, int label, int bx, int by, int bw,
                                                           int bh, Connectivity connectivity, int ox, int oy) {
        boolean[] in = new boolean[(bw + 2) * (bh + 2)];        // region mask with a one-pixel frame
        int mw = bw + 2;
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                ra.setPosition(bx + x, 0);
                ra.setPosition(by + y, 1);
                in[(y + 1) * mw + x + 1] = ra.get().getInteger() == label;
            }
        }
        // Up to two outgoing edges per corner vertex; vertex (x, y) of the bbox grid is x + y * (bw + 1).
        int vw = bw + 1;
        int[] outA = new int[vw * (bh + 1)];
        int[] outB = new int[outA.length];
        java.util.Arrays.fill(outA, -1);
        java.util.Arrays.fill(outB, -1);
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int m = (y + 1) * mw + x + 1;
                if (!in[m]) {
                    continue;
                }
                if (!in[m - mw]) {
                    addEdge(outA, outB, x + y * vw, 0);
                }
                if (!in[m + 1]) {
                    addEdge(outA, outB, x + 1 + y * vw, 1);
                }
                if (!in[m + mw]) {
                    addEdge(outA, outB, x + 1 + (y + 1) * vw, 2);
                }
                if (!in[m - 1]) {
                    addEdge(outA, outB, x + (y + 1) * vw, 3);
                }
            }
        }
        List<Outline.Loop> loops = new ArrayList<>();
        for (int v0 = 0; v0 < outA.length; v0++) {
            while (outA[v0] >= 0) {
                loops.add(follow(outA, outB, v0, vw, connectivity, bx + ox, by + oy));
            }
        }
        return new Outline(label, loops);
    }

    private static void addEdge(int[] outA, int[] outB, int v, int dir) {
        if (outA[v] < 0) {
            outA[v] = dir;
        } else {
            outB[v] = dir;
        }
    }

    /** Follows edges from vertex v0 until the loop closes, removing them; keeps only corners. */
    private static Outline.Loop follow(int[] outA, int[] outB, int v0, int vw, Connectivity connectivity,
                                       int ox, int oy) {
        ConnectedComponents.IntList xs = new ConnectedComponents.IntList();
        ConnectedComponents.IntList ys = new ConnectedComponents.IntList();
        int v = v0;
        int dir = take(outA, outB, v, -1, connectivity);
        int first = dir;
        while (true) {
            int x = v % vw;
            int y = v / vw;
            v = (x + DX[dir]) + (y + DY[dir]) * vw;
            if (outA[v] < 0) {                                  // back at the start: all edges of this loop used
                break;
            }
            int next = take(outA, outB, v, dir, connectivity);
            if (next != dir) {
                xs.add(x + DX[dir] + ox);
                ys.add(y + DY[dir] + oy);
            }
            dir = next;
        }
        if (first != dir) {                                     // the start vertex is a corner too
            xs.add(v % vw + ox);
            ys.add(v / vw + oy);
        }
        // Start at the second corner, as ImageJ's wand does (Analyze Particles, Label to ROIs in ImageJ): a traced
        // perimeter counts staircase corners in turn from the first vertex, so the start changes it by a corner
        int[] ax = rotateByOne(xs.toArray());
        int[] ay = rotateByOne(ys.toArray());
        Outline.Loop loop = new Outline.Loop(ax, ay, false);
        return loop.signedArea() < 0 ? new Outline.Loop(ax, ay, true) : loop;
    }

    private static int[] rotateByOne(int[] a) {
        int[] r = new int[a.length];
        System.arraycopy(a, 1, r, 0, a.length - 1);
        r[a.length - 1] = a[0];
        return r;
    }

    /** Removes and returns the outgoing edge at v to follow after arriving in direction {@code from}. */
    private static int take(int[] outA, int[] outB, int v, int from, Connectivity connectivity) {
        int pick;
        if (outB[v] < 0 || from < 0) {
            pick = outA[v];
        } else {
            int preferred = connectivity == Connectivity.FULL ? (from + 3) % 4 : (from + 1) % 4;
            pick = outA[v] == preferred ? outA[v] : outB[v];
        }
        if (outA[v] == pick) {
            outA[v] = outB[v];
        }
        outB[v] = -1;
        return pick;
    }
}
