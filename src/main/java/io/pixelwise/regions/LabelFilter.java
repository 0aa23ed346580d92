package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Which objects of a label image to keep by their size and whether they touch the image's edge (MorphoLibJ's Label
 * Size Filtering and Remove Border Labels, Analyze Particles' size range and "exclude on edges"). Every pixel of a
 * label value in the image given is one object: pass one time point's [x, y, z] for objects that span slices, or a
 * whole image whose ids are unique. The edge is the first and last column and row (dimensions 0 and 1) on every
 * plane; a stack's first and last slices are not an edge, since a stack usually spans its objects.
 */
public final class LabelFilter {

    /** No upper size limit. */
    public static final long NO_MAXIMUM = Long.MAX_VALUE;

    private LabelFilter() {
    }

    /**
     * @param minSize fewest pixels (voxels) an object keeps
     * @param maxSize most pixels (voxels) an object keeps ({@link #NO_MAXIMUM}: any)
     * @return by label value, whether that object stays (false for values not present and for background 0)
     */
    public static <L extends IntegerType<L>> boolean[] keep(RandomAccessibleInterval<L> labels, long minSize,
                                                           long maxSize, boolean excludeEdges) {
        if (labels.numDimensions() < 2) {
            throw new IllegalArgumentException("a label image has x and y, got " + labels.numDimensions() + "D");
        }
        var zero = Views.zeroMin(labels);
        long w = zero.dimension(0);
        long h = zero.dimension(1);
        int max = 0;
        for (L l : Views.flatIterable(zero)) {
            long v = l.getIntegerLong();
            if (v < 0 || v > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException("label " + v + " is outside 0.." + (Integer.MAX_VALUE - 1));
            }
            max = Math.max(max, (int) v);
        }
        long[] size = new long[max + 1];
        boolean[] onEdge = new boolean[max + 1];
        Cursor<L> c = Views.flatIterable(zero).cursor();
        for (long i = 0; c.hasNext(); i++) {
            int v = c.next().getInteger();
            size[v]++;
            if (excludeEdges && !onEdge[v]) {
                long x = i % w;
                long y = i / w % h;
                onEdge[v] = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            }
        }
        boolean[] keep = new boolean[max + 1];
        for (int v = 1; v <= max; v++) {
            keep[v] = size[v] > 0 && size[v] >= minSize && size[v] <= maxSize && !onEdge[v];
        }
        return keep;
    }
}
