package io.pixelwise.regions;

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
 * "boundary" a 3-class nuclei model predicts between touching objects) then join the nearest object they connect
 * to, so objects keep their full extent. A model of distance levels gives levels instead of classes, and its
 * objects flood out from their cores ({@link DistanceLevels}). Optionally, objects that still touch are split at
 * narrow necks ({@link Watershed}), objects smaller than a minimum size are dropped as debris, and objects that
 * touch the image's edge, cut off by it, are dropped where asked.
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

    /**
     * How classes become objects.
     *
     * @param objectClasses class indices that become instances
     * @param boundaryClass class index whose pixels join an adjacent instance, or -1
     * @param minSize       objects with fewer pixels (voxels for 3D objects), boundary included, are dropped
     * @param splitDepth    objects are split where a neck is at least this many pixels shallower than the parts
     *                      it joins (distance transform + seeded watershed); 0 = no splitting
     * @param seedLevel     0: the image holds classes. Above 0: it holds distance levels of the one object class
     *                      ({@link DistanceLevels}), and pixels this deep or deeper are the objects' cores
     * @param excludeEdges  objects with a pixel on the image's first or last column or row (on any plane of a 3D
     *                      object) are dropped, as Analyze Particles' "exclude on edges" drops them: what is left are
     *                      whole objects, for counts and sizes that the field's edge does not bias
     */
    public record Rules(int[] objectClasses, int boundaryClass, Connectivity connectivity, long minSize,
                        double splitDepth, int seedLevel, boolean excludeEdges) {
    }

    /** Objects connect through sides only, so a one-pixel diagonal gap keeps touching objects apart. */
    public static final Connectivity CONNECTIVITY = Connectivity.FACE;

    private Instances() {
    }

    /** @param volumes true: components connect across z (3D); false: each plane on its own */
    public static <C extends IntegerType<C>> Result label(RandomAccessibleInterval<C> classes, Rules rules,
                                                         boolean volumes) {
        return label(classes, rules, volumes, new double[] {1, 1, 1});
    }

    /**
     * @param spacing pixel height and voxel depth relative to the pixel width {1, h/w, d/w}, so that necks are
     *                measured in true distances (in pixel widths) where voxels are not cubes
     */
    public static <C extends IntegerType<C>> Result label(RandomAccessibleInterval<C> classes, Rules rules,
                                                         boolean volumes, double[] spacing) {
        if (classes.numDimensions() != 4) {
            throw new IllegalArgumentException("expected a class image [x, y, z, t], got "
                    + classes.numDimensions() + "D");
        }
        var zero = Views.zeroMin(classes);
        long nz = zero.dimension(2);
        long nt = zero.dimension(3);
        PlanarImg<IntType, IntArray> labels = PlanarImgs.ints(zero.dimension(0), zero.dimension(1), nz, nt);
        List<Instance> found = new ArrayList<>();
        if (rules.seedLevel() > 0) {
            if (volumes && nz > 1) {
                throw new IllegalArgumentException("This model tells objects apart by their distance to the edge in "
                        + "each plane, so it labels objects plane by plane, not as 3D volumes");
            }
            fromLevels(zero, labels, rules, found);
        } else {
            fromClasses(zero, labels, rules, volumes, found);
        }
        if (rules.splitDepth() > 0) {
            found = split(labels, found, rules, volumes, spacing);
        }
        return rules.minSize() > 1 || rules.excludeEdges() ? drop(labels, found, rules)
                : new Result(labels, found);
    }

    /**
     * Objects of each object class, connected components per plane or per volume, numbered on; pixels of the
     * boundary class then join the object they are nearest to.
     */
    private static <C extends IntegerType<C>> void fromClasses(RandomAccessibleInterval<C> zero,
                                                              PlanarImg<IntType, IntArray> labels, Rules rules,
                                                              boolean volumes, List<Instance> found) {
        long nz = zero.dimension(2);
        long nt = zero.dimension(3);
        int maxClass = 0;
        for (int k : rules.objectClasses()) {
            maxClass = Math.max(maxClass, k);
        }
        boolean[] isObject = new boolean[maxClass + 1];
        for (int k : rules.objectClasses()) {
            isObject[k] = true;
        }
        for (int t = 0; t < nt; t++) {
            var classesT = Views.hyperSlice(zero, 3, t);
            var labelsT = Views.hyperSlice(labels, 3, t);
            if (volumes) {
                int[] cls = ConnectedComponents.label(classesT, labelsT, isObject, rules.connectivity(),
                        found.size() + 1);
                for (int k : cls) {
                    found.add(new Instance(found.size() + 1, k, -1, t));
                }
            } else {
                for (int z = 0; z < nz; z++) {
                    int[] cls = ConnectedComponents.label(Views.hyperSlice(classesT, 2, z),
                            Views.hyperSlice(labelsT, 2, z), isObject, rules.connectivity(), found.size() + 1);
                    for (int k : cls) {
                        found.add(new Instance(found.size() + 1, k, z, t));
                    }
                }
            }
            if (rules.boundaryClass() >= 0) {
                for (int z = 0; z < nz; z++) {
                    growInto(Views.hyperSlice(classesT, 2, z), labels.getPlane((int) (t * nz + z))
                            .getCurrentStorageArray(), (int) zero.dimension(0), rules.boundaryClass());
                }
            }
        }
    }

    /** Objects of the one object class decoded plane by plane from distance levels, numbered on across planes. */
    private static <C extends IntegerType<C>> void fromLevels(RandomAccessibleInterval<C> levels,
                                                             PlanarImg<IntType, IntArray> labels, Rules rules,
                                                             List<Instance> found) {
        int w = (int) levels.dimension(0);
        int h = (int) levels.dimension(1);
        int nz = (int) levels.dimension(2);
        int[] level = new int[w * h];
        for (int t = 0; t < levels.dimension(3); t++) {
            for (int z = 0; z < nz; z++) {
                int i = 0;
                for (C c : Views.flatIterable(Views.hyperSlice(Views.hyperSlice(levels, 3, t), 2, z))) {
                    level[i++] = c.getInteger();
                }
                int first = found.size() + 1;
                int n = DistanceLevels.decode(level, w, h, rules.seedLevel(),
                        labels.getPlane(t * nz + z).getCurrentStorageArray(), first);
                for (int id = first; id < first + n; id++) {
                    found.add(new Instance(id, rules.objectClasses()[0], z, t));
                }
            }
        }
    }

    /** Splits the objects of each plane (or each volume) in place and renumbers all of them 1..N. */
    private static List<Instance> split(PlanarImg<IntType, IntArray> labels, List<Instance> found, Rules rules,
                                        boolean volumes, double[] voxel) {
        int w = (int) labels.dimension(0);
        int h = (int) labels.dimension(1);
        int nz = (int) labels.dimension(2);
        int nt = (int) labels.dimension(3);
        int planes = volumes ? nz : 1;
        List<Instance> out = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            for (int z0 = 0; z0 < nz; z0 += planes) {
                int[] flat = new int[w * h * planes];
                for (int z = 0; z < planes; z++) {
                    System.arraycopy(labels.getPlane(t * nz + z0 + z).getCurrentStorageArray(), 0, flat, z * w * h,
                            w * h);
                }
                int[] dims = volumes ? new int[] {w, h, nz} : new int[] {w, h};
                double[] spacing = volumes ? voxel.clone() : new double[] {voxel[0], voxel[1]};
                Watershed.Split s = Watershed.split(flat, dims, spacing, rules.splitDepth(), rules.connectivity());
                int offset = out.size();
                for (int origin : s.origin()) {
                    Instance o = found.get(origin - 1);
                    out.add(new Instance(out.size() + 1, o.classIndex(), o.z(), o.t()));
                }
                for (int z = 0; z < planes; z++) {
                    int[] a = labels.getPlane(t * nz + z0 + z).getCurrentStorageArray();
                    for (int i = 0; i < a.length; i++) {
                        int l = s.labels()[z * w * h + i];
                        a[i] = l == 0 ? 0 : l + offset;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Gives every unlabelled pixel of class {@code into} the label of the nearest labelled pixel it connects to
     * through such pixels (breadth-first from all objects at once, 4-neighbours), on one plane's label array.
     */
    static <C extends IntegerType<C>> void growInto(RandomAccessibleInterval<C> classes, int[] labels, int w,
                                                    int into) {
        int n = labels.length;
        int h = n / w;
        boolean[] open = new boolean[n];
        int i = 0;
        for (C c : Views.flatIterable(classes)) {
            open[i] = labels[i] == 0 && c.getInteger() == into;
            i++;
        }
        int[] queue = new int[n];
        int tail = 0;
        for (int p = 0; p < n; p++) {
            if (labels[p] != 0) {
                queue[tail++] = p;
            }
        }
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            int x = p % w;
            int y = p / w;
            if (x > 0 && open[p - 1]) {
                tail = claim(p - 1, labels[p], labels, open, queue, tail);
            }
            if (x < w - 1 && open[p + 1]) {
                tail = claim(p + 1, labels[p], labels, open, queue, tail);
            }
            if (y > 0 && open[p - w]) {
                tail = claim(p - w, labels[p], labels, open, queue, tail);
            }
            if (y < h - 1 && open[p + w]) {
                tail = claim(p + w, labels[p], labels, open, queue, tail);
            }
        }
    }

    private static int claim(int q, int label, int[] labels, boolean[] open, int[] queue, int tail) {
        labels[q] = label;
        open[q] = false;
        queue[tail] = q;
        return tail + 1;
    }

    /**
     * Removes objects below the rules' minimum size and, where asked, those touching the image's edge
     * ({@link LabelFilter}; ids are unique over the whole image), and renumbers the rest 1..N in their old order.
     */
    private static Result drop(PlanarImg<IntType, IntArray> labels, List<Instance> found, Rules rules) {
        boolean[] keep = LabelFilter.keep(labels, rules.minSize(), LabelFilter.NO_MAXIMUM, rules.excludeEdges());
        int[] newId = new int[found.size() + 1];
        List<Instance> kept = new ArrayList<>();
        for (Instance in : found) {
            if (in.id() < keep.length && keep[in.id()]) {
                newId[in.id()] = kept.size() + 1;
                kept.add(new Instance(kept.size() + 1, in.classIndex(), in.z(), in.t()));
            }
        }
        for (int p = 0; p < labels.numSlices(); p++) {
            int[] a = labels.getPlane(p).getCurrentStorageArray();
            for (int i = 0; i < a.length; i++) {
                a[i] = newId[a[i]];
            }
        }
        return new Result(labels, kept);
    }
}
