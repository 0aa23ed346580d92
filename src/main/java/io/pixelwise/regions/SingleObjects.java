package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.IterableInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Clean-up for anatomy that occurs once per scan (a fetal head, an organ): each class keeps only its largest
 * connected piece per volume (a 2D image is a volume of one plane), and background holes enclosed by a class, plane
 * by plane, become that class. Spurious islands and pinholes are what such a model gets wrong most often. A largest
 * piece below a minimum size is dropped too: "none in this scan" is an answer (a breast scan without a lesion). With
 * a minimum mean probability the piece kept is the one the network is surest of instead, and only if it is sure
 * enough.
 */
public final class SingleObjects {

    private SingleObjects() {
    }

    /**
     * Cleans a class image [x, y, z, t] in place; class 0 is background.
     *
     * @param minSize        a class's largest piece with fewer pixels (voxels) than this, holes not counted, becomes
     *                       background as well (0 or 1: always kept)
     * @param probabilities  the network's class probabilities [x, y, class, z, t] over the same pixels, or null
     *                       where {@code minProbability} is 0
     * @param minProbability above 0: of a class's pieces of at least {@code minSize}, the one of the highest mean
     *                       probability of that class is kept instead of the largest, and only if its mean reaches
     *                       this
     */
    public static <C extends IntegerType<C>, P extends RealType<P>> void apply(RandomAccessibleInterval<C> classes,
            int classCount, long minSize, RandomAccessibleInterval<P> probabilities, double minProbability) {
        if (minProbability > 0 && probabilities == null) {
            throw new IllegalArgumentException("a minimum mean probability needs the probabilities");
        }
        var zero = Views.zeroMin(classes);
        var probabilityZero = probabilities == null ? null : Views.zeroMin(probabilities);
        int w = (int) zero.dimension(0);
        int h = (int) zero.dimension(1);
        int nz = (int) zero.dimension(2);
        for (long t = 0; t < zero.dimension(3); t++) {
            var volume = Views.hyperSlice(zero, 3, t);
            int[] cls = new int[w * h * nz];
            int i = 0;
            for (C c : Views.flatIterable(volume)) {
                cls[i++] = c.getInteger();
            }
            for (int k = 1; k < classCount; k++) {
                IterableInterval<P> probability = minProbability > 0
                        ? Views.flatIterable(Views.hyperSlice(Views.hyperSlice(probabilityZero, 4, t), 2, k)) : null;
                keepOne(cls, new int[] {w, h, nz}, k, minSize, probability, minProbability);
            }
            for (int z = 0; z < nz; z++) {
                fillHoles(cls, w, h, z * w * h);
            }
            Cursor<C> c = Views.flatIterable(volume).cursor();
            for (int v : cls) {
                c.next().setInteger(v);
            }
        }
    }

    /**
     * Pixels of class k outside the one face-connected component kept become background. Without {@code probability}
     * (of class k, per pixel in the order of {@code cls}) the largest is kept if it has at least {@code minSize}
     * pixels; with it, of those with at least {@code minSize} pixels the one of the highest mean probability, if that
     * reaches {@code minProbability}: a smaller piece the network is sure of beats a larger one it guessed (a lesion
     * next to a shadow).
     */
    private static <P extends RealType<P>> void keepOne(int[] cls, int[] dims, int k, long minSize,
                                                        IterableInterval<P> probability, double minProbability) {
        boolean[] isObject = new boolean[k + 1];
        isObject[k] = true;
        int[] labels = new int[cls.length];
        int[] ofClass = ConnectedComponents.label(ArrayImgs.ints(cls, dims[0], dims[1], dims[2]),
                ArrayImgs.ints(labels, dims[0], dims[1], dims[2]), isObject, Connectivity.FACE, 1);
        if (ofClass.length == 0) {
            return;
        }
        long[] size = new long[ofClass.length + 1];
        double[] sum = new double[ofClass.length + 1];
        for (int l : labels) {
            size[l]++;
        }
        if (probability != null) {
            int p = 0;
            for (P v : probability) {
                sum[labels[p++]] += v.getRealDouble();
            }
        }
        int kept = -1;
        for (int l = 1; l < size.length; l++) {
            if (size[l] < minSize) {
                continue;
            }
            boolean better = kept < 0 || (probability == null ? size[l] > size[kept]
                    : sum[l] / size[l] > sum[kept] / size[kept]);
            kept = better ? l : kept;
        }
        if (kept > 0 && probability != null && sum[kept] / size[kept] < minProbability) {
            kept = -1;
        }
        for (int p = 0; p < cls.length; p++) {
            if (labels[p] != 0 && labels[p] != kept) {
                cls[p] = 0;
            }
        }
    }

    /**
     * On the plane starting at {@code offset}: every background component that does not touch the plane's border
     * and borders one class only becomes that class.
     */
    private static void fillHoles(int[] cls, int w, int h, int offset) {
        int[] plane = new int[w * h];
        System.arraycopy(cls, offset, plane, 0, plane.length);
        int[] holes = new int[plane.length];
        int n = ConnectedComponents.label(ArrayImgs.ints(plane, w, h), ArrayImgs.ints(holes, w, h),
                new boolean[] {true}, Connectivity.FACE, 1).length;
        int[] neighbour = new int[n + 1];               // the one class around each hole; -1 = border or several
        for (int p = 0; p < plane.length; p++) {
            int hole = holes[p];
            if (hole == 0 || neighbour[hole] < 0) {
                continue;
            }
            int x = p % w;
            int y = p / w;
            if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                neighbour[hole] = -1;
                continue;
            }
            for (int q : new int[] {p - 1, p + 1, p - w, p + w}) {
                int k = plane[q];
                if (k != 0) {
                    neighbour[hole] = neighbour[hole] == 0 || neighbour[hole] == k ? k : -1;
                }
            }
        }
        for (int p = 0; p < plane.length; p++) {
            if (holes[p] != 0 && neighbour[holes[p]] > 0) {
                cls[offset + p] = neighbour[holes[p]];
            }
        }
    }
}
