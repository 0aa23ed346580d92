package io.pixelwise.regions;

import java.util.List;

/**
 * The traced boundary of one labelled region in one plane, along pixel edges (vertices on pixel corners, as
 * ImageJ's traced ROIs). Outer loops run clockwise on screen, holes counter-clockwise.
 */
public record Outline(int label, List<Loop> loops) {

    /** A closed polygon; only corner vertices are kept. */
    public record Loop(int[] xs, int[] ys, boolean hole) {
        /** Enclosed area in pixels, negative for holes. */
        public long signedArea() {
            long a = 0;
            for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
                a += (long) xs[j] * ys[i] - (long) xs[i] * ys[j];
            }
            return a / 2;
        }

        double perimeter(double pw, double ph) {
            int n = xs.length;
            long sumdx = 0;
            long sumdy = 0;
            int corners = 0;
            boolean corner = false;
            int side1 = Math.abs(xs[0] - xs[n - 1]) + Math.abs(ys[0] - ys[n - 1]);
            for (int i = 0; i < n; i++) {
                int next = (i + 1) % n;
                int prev = (i + n - 1) % n;
                sumdx += Math.abs(xs[i] - xs[prev]);
                sumdy += Math.abs(ys[i] - ys[prev]);
                if (side1 > 1 || !corner) {
                    corner = true;
                    corners++;
                } else {
                    corner = false;
                }
                side1 = Math.abs(xs[next] - xs[i]) + Math.abs(ys[next] - ys[i]);
            }
            return sumdx * pw + sumdy * ph - corners * (pw + ph - Math.hypot(pw, ph));
        }
    }

    /** Pixels enclosed: outer areas minus holes. */
    public long area() {
        return loops.stream().mapToLong(Loop::signedArea).sum();
    }

    /**
     * Perimeter with ImageJ's definition for traced outlines (so it agrees with Measure on the same ROI): the
     * length of the pixel edges, where each corner that is not the second of a one-pixel staircase step replaces
     * its two edges (pw + ph) by the diagonal, so staircases count as diagonals. Holes count too.
     */
    public double perimeter(double pw, double ph) {
        double sum = 0;
        for (Loop l : loops) {
            sum += l.perimeter(pw, ph);
        }
        return sum;
    }
}
