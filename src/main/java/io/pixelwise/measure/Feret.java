package io.pixelwise.measure;

import io.pixelwise.regions.Outline;

import java.util.Arrays;

/**
 * Maximum caliper (Feret) diameter of an outline: the largest distance between two of its corner points, which
 * lie on the convex hull, in calibrated units.
 */
final class Feret {

    private Feret() {
    }

    static double diameter(Outline outline, double pw, double ph) {
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
        double[][] hull = hull(pts);
        double best = 0;
        for (int a = 0; a < hull.length; a++) {
            for (int b = a + 1; b < hull.length; b++) {
                best = Math.max(best, Math.hypot(hull[a][0] - hull[b][0], hull[a][1] - hull[b][1]));
            }
        }
        return best;
    }

    /** Convex hull by Andrew's monotone chain. */
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
