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
    }

    /** Pixels enclosed: outer areas minus holes. */
    public long area() {
        return loops.stream().mapToLong(Loop::signedArea).sum();
    }
}
