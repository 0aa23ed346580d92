package io.pixelwise.measure;

import io.pixelwise.regions.Outline;

import java.util.Arrays;
import java.util.List;

/**
 * Caliper (Feret) measures of an outline, from the convex hull of its corner points, in calibrated units, as ImageJ's
 * {@code Roi.getFeretValues} gives them for the traced ROI: {@code max} the largest distance between two points,
 * {@code angle} that diameter's angle in degrees from the x axis as seen on screen (y down), in [0, 180); {@code min}
 * the smallest width between two parallel lines enclosing the outline (one of them along a hull edge); and
 * {@code hullArea} the hull's area, for solidity (area over hull area).
 */
public record Calipers(double max, double angle, double min, double hullArea) {

    /** The convex hull of an outline's corner points (outer loops only: holes lie inside it), calibrated. */
    static double[][] hullOf(Outline outline, double pw, double ph) {
        int n = 0;
        for (Outline.Loop l : outline.loops()) {
            n += l.hole() ? 0 : l.xs().length;
        }
        double[][] pts = new double[n][];
        int i = 0;
        for (Outline.Loop l : outline.loops()) {
            if (!l.hole()) {
                for (int k = 0; k < l.xs().length; k++) {
                    pts[i++] = new double[] {l.xs()[k] * pw, l.ys()[k] * ph};
                }
            }
        }
        return hull(pts);
    }

    /** The calipers of a convex hull ({@link #hullOf}). */
    static Calipers of(double[][] hull) {
        double best = 0;
        double[] from = hull[0];
        double[] to = hull[0];
        for (int a = 0; a < hull.length; a++) {
            for (int b = a + 1; b < hull.length; b++) {
                double d = Math.hypot(hull[a][0] - hull[b][0], hull[a][1] - hull[b][1]);
                if (d > best) {
                    best = d;
                    from = hull[a][0] <= hull[b][0] ? hull[a] : hull[b];
                    to = from == hull[a] ? hull[b] : hull[a];
                }
            }
        }
        double angle = Math.toDegrees(Math.atan2(from[1] - to[1], to[0] - from[0]));
        return new Calipers(best, angle < 0 ? angle + 180 : angle, minWidth(hull), area(hull));
    }

    /**
     * The largest distance between two corners of an object's voxels over slices: its 3D Feret diameter. The two
     * corners are vertices of the slices' hulls ({@link #hullOf}), taken on the slices' outer faces: a pair on
     * slices a and b lies (|b - a| + 1) slice thicknesses apart in z. Pairs of slices are tried in order of how far
     * apart their hulls could be at most (each hull's reach from the centre of them all, and the slices' distance),
     * and the search stops where that cannot beat the best pair found: for a round object only the opposite
     * slices are compared point by point.
     *
     * @param hulls  each slice's hull as x0, y0, x1, y1, ... (calibrated)
     * @param slices each hull's slice index (one hull a slice)
     * @param depth  a slice's thickness (calibrated)
     */
    static double diameter3d(List<float[]> hulls, List<Integer> slices, double depth) {
        int n = hulls.size();
        double cx = 0;
        double cy = 0;
        long points = 0;
        for (float[] h : hulls) {
            for (int k = 0; k < h.length; k += 2) {
                cx += h[k];
                cy += h[k + 1];
            }
            points += h.length / 2;
        }
        cx /= points;
        cy /= points;
        double[] reach = new double[n];
        for (int s = 0; s < n; s++) {
            float[] h = hulls.get(s);
            for (int k = 0; k < h.length; k += 2) {
                reach[s] = Math.max(reach[s], Math.hypot(h[k] - cx, h[k + 1] - cy));
            }
        }
        int pairs = n * (n + 1) / 2;
        double[] bound = new double[pairs];
        long[] pair = new long[pairs];
        int i = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++, i++) {
                bound[i] = Math.hypot(reach[a] + reach[b], zApart(slices.get(a), slices.get(b), depth));
                pair[i] = (long) a * n + b;
            }
        }
        Integer[] order = new Integer[pairs];
        for (i = 0; i < pairs; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (u, v) -> Double.compare(bound[v], bound[u]));
        double best = 0;
        for (int o : order) {
            if (bound[o] <= best) {
                break;
            }
            int a = (int) (pair[o] / n);
            int b = (int) (pair[o] % n);
            float[] ha = hulls.get(a);
            float[] hb = hulls.get(b);
            double far = 0;
            for (int p = 0; p < ha.length; p += 2) {
                for (int q = 0; q < hb.length; q += 2) {
                    far = Math.max(far, sq(ha[p] - hb[q]) + sq(ha[p + 1] - hb[q + 1]));
                }
            }
            best = Math.max(best, Math.sqrt(far + sq(zApart(slices.get(a), slices.get(b), depth))));
        }
        return best;
    }

    /** How far apart in z the outer faces of two slices lie. */
    private static double zApart(int a, int b, double depth) {
        return (Math.abs(b - a) + 1) * depth;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** Rotating calipers: the narrowest strip holding the hull has one side along a hull edge. */
    private static double minWidth(double[][] hull) {
        if (hull.length < 3) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int e = 0; e < hull.length; e++) {
            double[] a = hull[e];
            double[] b = hull[(e + 1) % hull.length];
            double length = Math.hypot(b[0] - a[0], b[1] - a[1]);
            double far = 0;
            for (double[] p : hull) {
                far = Math.max(far, Math.abs(cross(a, b, p)) / length);
            }
            min = Math.min(min, far);
        }
        return min;
    }

    private static double area(double[][] hull) {
        double twice = 0;
        for (int e = 0; e < hull.length; e++) {
            double[] a = hull[e];
            double[] b = hull[(e + 1) % hull.length];
            twice += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(twice) / 2;
    }

    /** Convex hull by Andrew's monotone chain, without collinear points. */
    private static double[][] hull(double[][] pts) {
        double[][] p = pts.clone();
        Arrays.sort(p, (u, v) -> u[0] != v[0] ? Double.compare(u[0], v[0]) : Double.compare(u[1], v[1]));
        if (p.length < 3) {
            return p;
        }
        double[][] h = new double[2 * p.length][];
        int k = 0;
        for (double[] q : p) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], q) <= 0) {
                k--;
            }
            h[k++] = q;
        }
        for (int i = p.length - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        return Arrays.copyOf(h, k - 1);
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
