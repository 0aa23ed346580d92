package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Connected components of a class image, in any number of dimensions (2D planes or 3D volumes): pixels
 * connect only to neighbours of the same class, and only classes marked as objects are labelled.
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * Labels {@code out} with consecutive ids starting at {@code firstLabel} (0 stays background) and returns,
     * for each new label in order, its class.
     *
     * @param isObject which class values become components (indexed by class value)
     */
    public static <C extends IntegerType<C>, L extends IntegerType<L>> int[] label(
            RandomAccessibleInterval<C> classes, RandomAccessibleInterval<L> out, boolean[] isObject,
            Connectivity connectivity, int firstLabel) {
        if (!Intervals.equalDimensions(classes, out)) {
            throw new IllegalArgumentException("class and label images differ in size: "
                    + Intervals.toString(classes) + " vs " + Intervals.toString(out));
        }
        int n = classes.numDimensions();
        int[] dims = new int[n];
        for (int d = 0; d < n; d++) {
            dims[d] = (int) Math.min(Integer.MAX_VALUE, classes.dimension(d));
        }
        Grid grid = new Grid(dims, connectivity);
        int[] cls = new int[grid.size];
        int i = 0;
        for (C c : Views.flatIterable(classes)) {
            cls[i++] = c.getInteger();
        }
        int[] labels = new int[cls.length];
        int[] queue = new int[cls.length];
        int[] nb = new int[grid.maxNeighbours()];
        IntList classOf = new IntList();
        int next = firstLabel;
        for (int seed = 0; seed < cls.length; seed++) {
            int k = cls[seed];
            if (labels[seed] != 0 || k < 0 || k >= isObject.length || !isObject[k]) {
                continue;
            }
            int id = next++;
            classOf.add(k);
            labels[seed] = id;
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            while (head < tail) {
                int p = queue[head++];
                for (int j = 0, m = grid.neighbours(p, nb); j < m; j++) {
                    int q = nb[j];
                    if (labels[q] == 0 && cls[q] == k) {
                        labels[q] = id;
                        queue[tail++] = q;
                    }
                }
            }
        }
        Cursor<L> c = Views.flatIterable(out).cursor();
        for (int label : labels) {
            c.next().setInteger(label);
        }
        return classOf.toArray();
    }

    /** A growable int array, to avoid boxing one Integer per object. */
    static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}
