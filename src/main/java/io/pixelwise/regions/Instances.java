package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;

/**
 * Instance labels from a class image [x, y, z, t]: connected components of each object class, per plane (2D) or
 * per volume (3D over z), numbered 1..N across the whole image. Pixels of a thin separating class (the
 * "boundary" a 3-class nuclei model predicts between touching objects) then join the object they touch, so
 * objects keep their full extent.
 */
public final class Instances {

    /** One object: its id in the label image, its class, and where it lives ({@code z == -1}: spans z, 3D). */
    public record Instance(int id, int classIndex, int z, int t) {
    }

    public record Result(PlanarImg<IntType, IntArray> labels, List<Instance> instances) {
        public int count() {
            return instances.size();
        }
    }

    /** Objects connect through sides only, so a one-pixel diagonal gap keeps touching objects apart. */
    public static final Connectivity CONNECTIVITY = Connectivity.FACE;

    private static final int BOUNDARY_GROWTH_STEPS = 2;

    private Instances() {
    }

    /**
     * @param classes       class image [x, y, z, t]
     * @param objectClasses class indices that become instances
     * @param boundaryClass class index whose pixels join an adjacent instance, or -1
     * @param volumes       true: components connect across z (3D); false: each plane on its own
     */
    public static <C extends IntegerType<C>> Result label(RandomAccessibleInterval<C> classes, int[] objectClasses,
                                                         int boundaryClass, boolean volumes,
                                                         Connectivity connectivity) {
        if (classes.numDimensions() != 4) {
            throw new IllegalArgumentException("expected a class image [x, y, z, t], got "
                    + classes.numDimensions() + "D");
        }
        var zero = Views.zeroMin(classes);
        long nz = zero.dimension(2);
        long nt = zero.dimension(3);
        PlanarImg<IntType, IntArray> labels = PlanarImgs.ints(zero.dimension(0), zero.dimension(1), nz, nt);
        int maxClass = 0;
        for (int k : objectClasses) {
            maxClass = Math.max(maxClass, k);
        }
        boolean[] isObject = new boolean[maxClass + 1];
        for (int k : objectClasses) {
            isObject[k] = true;
        }
        List<Instance> instances = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            var classesT = Views.hyperSlice(zero, 3, t);
            var labelsT = Views.hyperSlice(labels, 3, t);
            if (volumes) {
                int[] cls = ConnectedComponents.label(classesT, labelsT, isObject, connectivity, instances.size() + 1);
                for (int k : cls) {
                    instances.add(new Instance(instances.size() + 1, k, -1, t));
                }
            } else {
                for (int z = 0; z < nz; z++) {
                    int[] cls = ConnectedComponents.label(Views.hyperSlice(classesT, 2, z),
                            Views.hyperSlice(labelsT, 2, z), isObject, connectivity, instances.size() + 1);
                    for (int k : cls) {
                        instances.add(new Instance(instances.size() + 1, k, z, t));
                    }
                }
            }
            if (boundaryClass >= 0) {
                for (int z = 0; z < nz; z++) {
                    growInto(Views.hyperSlice(classesT, 2, z), Views.hyperSlice(labelsT, 2, z), boundaryClass);
                }
            }
        }
        return new Result(labels, instances);
    }

    /** Gives unlabelled pixels of class {@code into} the label of a 4-neighbour, one pixel ring per step. */
    static <C extends IntegerType<C>> void growInto(RandomAccessibleInterval<C> classes,
                                                    RandomAccessibleInterval<IntType> labels, int into) {
        long w = labels.dimension(0);
        long h = labels.dimension(1);
        RandomAccess<IntType> nb = Views.extendZero(labels).randomAccess();
        int[] dx = {1, -1, 0, 0};
        int[] dy = {0, 0, 1, -1};
        for (int step = 0; step < BOUNDARY_GROWTH_STEPS; step++) {
            List<long[]> assign = new ArrayList<>();
            Cursor<C> c = Views.flatIterable(classes).localizingCursor();
            RandomAccess<IntType> self = labels.randomAccess();
            while (c.hasNext()) {
                if (c.next().getInteger() != into) {
                    continue;
                }
                self.setPosition(c);
                if (self.get().get() != 0) {
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    long x = c.getLongPosition(0) + dx[i];
                    long y = c.getLongPosition(1) + dy[i];
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    nb.setPosition(x, 0);
                    nb.setPosition(y, 1);
                    int l = nb.get().get();
                    if (l != 0) {
                        assign.add(new long[] {c.getLongPosition(0), c.getLongPosition(1), l});
                        break;
                    }
                }
            }
            for (long[] a : assign) {
                self.setPosition(a[0], 0);
                self.setPosition(a[1], 1);
                self.get().set((int) a[2]);
            }
        }
    }
}
