package io.pixelwise.measure;

import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Contours;
import io.pixelwise.regions.Outline;
import io.pixelwise.regions.Rings;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measurements of labelled objects, in calibrated units: per object and plane (area, perimeter, centroid, bounding
 * box, equivalent diameter, circularity, caliper diameters, solidity, fitted ellipse, intensity statistics), per
 * object over the planes of a time point (volume, slice range, intensity), and per class (area per plane, volume).
 * Planes, slices and frames are zero-based here; label 0 is background. Positions use pixel centres (x + 0.5)
 * and count from the calibration's origin, as ImageJ's Measure does.
 */
public final class Measurements {

    /** Largest label a 32-bit ImageJ label image holds exactly. */
    static final int MAX_LABEL = 1 << 24;

    /**
     * One object on one plane; lengths in the calibration's unit, areas in its square. {@code ellipse} is the
     * least-squares ellipse through its outline ({@link Ellipse#ofBoundary}); all NaN where none fits (a line of
     * pixels, or too few). {@code intensities}: one per channel of the intensity image, none without one.
     */
    public record ObjectSlice(int label, int z, int t, long pixels, double area, double perimeter, double centroidX,
                              double centroidY, double boundsX, double boundsY, double boundsWidth,
                              double boundsHeight, double equivalentDiameter, double circularity, Calipers calipers,
                              Ellipse ellipse, List<Intensity> intensities) {
        public ObjectSlice {
            intensities = List.copyOf(intensities);
        }

        /** Area over the convex hull's area (ImageJ's Solidity): 1 for a convex object, less for a dented one. */
        public double solidity() {
            return area / calipers.hullArea();
        }
    }

    /**
     * The values of one channel under one object on one plane; {@code std} is the sample standard deviation,
     * {@code sum} their sum (ImageJ's RawIntDen). {@code median} as ImageJ's Measure gives it: for an integer image
     * (8-, 16-bit) the middle value, the upper of the two middle ones for an even count; otherwise the middle value or
     * the mean of the two middle ones. NaN values (a ratio image's undefined pixels) are left out, as ImageJ's
     * Measure leaves them out; all NaN where every value is (sum 0).
     */
    public record Intensity(double mean, double min, double max, double std, double median, double sum) {
    }

    /** The sum of one channel's values under one object over a time point, and how many there were (NaN left out). */
    public record IntensitySum(double total, long values) {
        /** NaN where there were no values. */
        public double mean() {
            return values == 0 ? Double.NaN : total / values;
        }
    }

    /**
     * One object over all planes of one time point; its centroid in the calibration's unit, from the origin, z at the
     * middle of a slice's thickness as x and y are at pixel centres; its largest Feret diameter on one slice and that
     * slice (RECIST's longest axial diameter of a lesion in a scan); {@code feret3d}, the largest distance between two
     * of its voxels' corners (a tumour's maximum 3D diameter); {@code intensities}: the sum of its values in each
     * channel of the intensity image, none without one.
     */
    public record ObjectVolume(int label, int t, long voxels, double volume, int firstSlice, int lastSlice,
                               double centroidX, double centroidY, double centroidZ, double maxFeret,
                               int maxFeretSlice, double feret3d, List<IntensitySum> intensities) {
        public ObjectVolume {
            intensities = List.copyOf(intensities);
        }
    }

    /** One class on one plane, or over a whole time point ({@code z == -1}). */
    public record ClassTotal(int classIndex, int z, int t, long pixels, double size) {
    }

    /** The ring of background around one object on one plane: its pixels and the sum of their values per channel. */
    public record Ring(int label, int z, int t, long pixels, List<IntensitySum> intensities) {
        public Ring {
            intensities = List.copyOf(intensities);
        }
    }

    /** {@code rings}: the ring around each object on each plane, where one was asked for and has pixels. */
    public record Result(List<ObjectSlice> slices, List<ObjectVolume> volumes, List<Ring> rings) {
    }

    private Measurements() {
    }

    /**
     * @param labels    object ids [x, y, z, t]
     * @param intensity image [x, y, channel, z, t], x, y, z and t the labels' size, whose values are measured in
     *                  each channel; or null (no intensities)
     * @param outlines  connectivity the objects were labelled with (outlines, perimeter, Feret follow it)
     * @param progress  told each plane done; stops the work between planes when canceled
     */
    public static <L extends IntegerType<L>, I extends RealType<I>> Result objects(
            RandomAccessibleInterval<L> labels, RandomAccessibleInterval<I> intensity, Calibration cal,
            Connectivity outlines, Progress progress) {
        return objects(labels, intensity, cal, outlines, 0, progress);
    }

    /**
     * As above, each plane's objects also with a ring {@code ringWidth} pixels wide around them ({@link Rings}: the
     * nearest background pixels, a cytoplasm around a nucleus), measured from the same plane read; 0 = no rings.
     */
    public static <L extends IntegerType<L>, I extends RealType<I>> Result objects(
            RandomAccessibleInterval<L> labels, RandomAccessibleInterval<I> intensity, Calibration cal,
            Connectivity outlines, double ringWidth, Progress progress) {
        check4d(labels, "label image");
        if (!(ringWidth >= 0 && ringWidth <= Rings.MAX_WIDTH)) {
            throw new IllegalArgumentException("A ring is 0 to " + Rings.MAX_WIDTH + " pixels wide, was " + ringWidth);
        }
        if (intensity != null && (intensity.numDimensions() != 5
                || !Intervals.equalDimensions(labels, Views.hyperSlice(intensity, 2, intensity.min(2))))) {
            throw new IllegalArgumentException("The intensity image is " + size(intensity) + " [x, y, channel, z, t]"
                    + " but the label image is " + size(labels) + " [x, y, z, t]; they must have the same size");
        }
        var lab = Views.zeroMin(labels);
        var img = intensity == null ? null : Views.zeroMin(intensity);
        int w = (int) lab.dimension(0);
        int h = (int) lab.dimension(1);
        int nz = (int) lab.dimension(2);
        int nt = (int) lab.dimension(3);
        int nc = img == null ? 0 : (int) img.dimension(2);
        boolean integerValues = img != null && img.getType() instanceof IntegerType;
        List<ObjectSlice> rows = new ArrayList<>();
        List<ObjectVolume> volumes = new ArrayList<>();
        List<Ring> rings = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            Map<Integer, VolumeSums> volume = new TreeMap<>();
            for (int z = 0; z < nz; z++) {
                progress.checkCanceled();
                int[] l = plane(Views.hyperSlice(Views.hyperSlice(lab, 3, t), 2, z), w * h);
                float[][] v = new float[nc][];
                for (int c = 0; c < nc; c++) {
                    v[c] = values(Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(img, 4, t), 3, z), 2, c), w * h);
                }
                measurePlane(l, new PlaneSums(l, v, integerValues, w), w, h, z, t, cal, outlines, rows, volume);
                if (ringWidth > 0) {
                    PlaneSums around = new PlaneSums(Rings.around(l, w, h, ringWidth), v, integerValues, w);
                    for (int label = 1; label < around.index.length; label++) {
                        int k = around.index[label];
                        if (k >= 0) {
                            rings.add(new Ring(label, z, t, around.count[k], around.sums(k)));
                        }
                    }
                }
                progress.fraction((t * nz + z + 1.0) / (nz * nt));
            }
            for (Map.Entry<Integer, VolumeSums> e : volume.entrySet()) {
                volumes.add(e.getValue().volume(e.getKey(), t, cal));
            }
        }
        return new Result(rows, volumes, rings);
    }

    /** One object's sums over the planes of a time point so far, for its {@link ObjectVolume}. */
    private static final class VolumeSums {
        long voxels;
        int firstZ = -1;
        int lastZ;
        double sumX;
        double sumY;
        double sumZ;
        double maxFeret = -1;
        int maxFeretZ;
        /** Each slice's hull as x0, y0, x1, y1, ... (floats: a stack's every object keeps them to the end). */
        final List<float[]> hulls = new ArrayList<>();
        final List<Integer> hullSlices = new ArrayList<>();
        final double[] totals;
        final long[] values;

        VolumeSums(int channels) {
            totals = new double[channels];
            values = new long[channels];
        }

        ObjectVolume volume(int label, int t, Calibration cal) {
            List<IntensitySum> intensities = new ArrayList<>(totals.length);
            for (int ch = 0; ch < totals.length; ch++) {
                intensities.add(new IntensitySum(totals[ch], values[ch]));
            }
            return new ObjectVolume(label, t, voxels, voxels * cal.voxelVolume(), firstZ, lastZ,
                    cal.x(sumX / voxels + 0.5), cal.y(sumY / voxels + 0.5), cal.z(sumZ / voxels + 0.5), maxFeret,
                    maxFeretZ, Calipers.diameter3d(hulls, hullSlices, cal.voxelDepth()), intensities);
        }
    }

    /**
     * One plane's objects: pixel counts, coordinate sums, bounds and intensity sums per object, from one pass over
     * the plane (objects indexed in order of first appearance), and their medians from a second when first asked.
     */
    private static final class PlaneSums {
        /** Each label value's object index, -1 where none has it. */
        final int[] index;
        final long[] count;
        final double[] sx;
        final double[] sy;
        final int[] x0;
        final int[] y0;
        final int[] x1;
        final int[] y1;
        final long[][] values;
        final double[][] si;
        final double[][] si2;
        final double[][] mn;
        final double[][] mx;
        private final int[] labels;
        private final float[][] v;
        private final boolean integerValues;
        private double[][] median;

        /**
         * @param v             the plane's values in each channel of the intensity image (none without one)
         * @param integerValues whether they are an integer image's, whose median ImageJ takes from a histogram
         */
        PlaneSums(int[] l, float[][] v, boolean integerValues, int w) {
            this.labels = l;
            this.v = v;
            this.integerValues = integerValues;
            int max = 0;
            for (int x : l) {
                max = Math.max(max, x);
            }
            index = new int[max + 1];
            Arrays.fill(index, -1);
            int n = 0;
            for (int x : l) {
                if (x != 0 && index[x] < 0) {
                    index[x] = n++;
                }
            }
            count = new long[n];
            sx = new double[n];
            sy = new double[n];
            x0 = new int[n];
            y0 = new int[n];
            x1 = new int[n];
            y1 = new int[n];
            int nc = v.length;
            values = new long[nc][n];
            si = new double[nc][n];
            si2 = new double[nc][n];
            mn = new double[nc][n];
            mx = new double[nc][n];
            Arrays.fill(x0, Integer.MAX_VALUE);
            Arrays.fill(y0, Integer.MAX_VALUE);
            for (int ch = 0; ch < nc; ch++) {
                Arrays.fill(mn[ch], Double.POSITIVE_INFINITY);
                Arrays.fill(mx[ch], Double.NEGATIVE_INFINITY);
            }
            for (int p = 0; p < l.length; p++) {
                if (l[p] == 0) {
                    continue;
                }
                int k = index[l[p]];
                int x = p % w;
                int y = p / w;
                count[k]++;
                sx[k] += x;
                sy[k] += y;
                x0[k] = Math.min(x0[k], x);
                y0[k] = Math.min(y0[k], y);
                x1[k] = Math.max(x1[k], x);
                y1[k] = Math.max(y1[k], y);
                for (int ch = 0; ch < nc; ch++) {
                    float value = v[ch][p];
                    if (Float.isNaN(value)) {
                        continue;
                    }
                    values[ch][k]++;
                    si[ch][k] += value;
                    si2[ch][k] += (double) value * value;
                    mn[ch][k] = Math.min(mn[ch][k], value);
                    mx[ch][k] = Math.max(mx[ch][k], value);
                }
            }
        }

        int objects() {
            return count.length;
        }

        /** Object {@code k}'s statistics in each channel. */
        List<Intensity> intensities(int k) {
            if (median == null) {
                median = new double[v.length][];
                for (int ch = 0; ch < v.length; ch++) {
                    median[ch] = medians(labels, index, v[ch], values[ch], integerValues);
                }
            }
            List<Intensity> out = new ArrayList<>(si.length);
            for (int ch = 0; ch < si.length; ch++) {
                long m = values[ch][k];
                double mean = si[ch][k] / m;
                double std = m < 2 ? 0 : Math.sqrt(Math.max(0, (si2[ch][k] - m * mean * mean) / (m - 1)));
                out.add(m == 0 ? new Intensity(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0)
                        : new Intensity(mean, mn[ch][k], mx[ch][k], std, median[ch][k], si[ch][k]));
            }
            return out;
        }

        /** Object {@code k}'s sum of values and their number in each channel. */
        List<IntensitySum> sums(int k) {
            List<IntensitySum> out = new ArrayList<>(si.length);
            for (int ch = 0; ch < si.length; ch++) {
                out.add(new IntensitySum(si[ch][k], values[ch][k]));
            }
            return out;
        }
    }

    /** Measures a plane's objects ({@code l}, labels) into {@code rows}, and adds them to their volumes' sums. */
    private static void measurePlane(int[] l, PlaneSums sums, int w, int h, int z, int t, Calibration cal,
                                     Connectivity connectivity, List<ObjectSlice> rows,
                                     Map<Integer, VolumeSums> volume) {
        if (sums.objects() == 0) {
            return;
        }
        Map<Integer, Outline> outlines = Contours.outlines(ArrayImgs.ints(l, w, h), connectivity);
        double pw = cal.pixelWidth();
        double ph = cal.pixelHeight();
        int nc = sums.si.length;
        for (Map.Entry<Integer, Outline> e : outlines.entrySet()) {
            int label = e.getKey();
            int k = sums.index[label];
            long c = sums.count[k];
            double area = c * cal.pixelArea();
            double perimeter = e.getValue().perimeter(pw, ph);
            double[][] hull = Calipers.hullOf(e.getValue(), pw, ph);
            Calipers calipers = Calipers.of(hull);
            rows.add(new ObjectSlice(label, z, t, c, area, perimeter, cal.x(sums.sx[k] / c + 0.5),
                    cal.y(sums.sy[k] / c + 0.5), cal.x(sums.x0[k]), cal.y(sums.y0[k]),
                    (sums.x1[k] - sums.x0[k] + 1) * pw, (sums.y1[k] - sums.y0[k] + 1) * ph,
                    2 * Math.sqrt(area / Math.PI), Math.min(1, 4 * Math.PI * area / (perimeter * perimeter)),
                    calipers, ellipse(e.getValue(), cal, w, h), sums.intensities(k)));
            VolumeSums v = volume.computeIfAbsent(label, x -> new VolumeSums(nc));
            v.voxels += c;
            v.firstZ = v.firstZ < 0 ? z : v.firstZ;
            v.lastZ = z;
            v.sumX += sums.sx[k];
            v.sumY += sums.sy[k];
            v.sumZ += (double) c * z;
            if (calipers.max() > v.maxFeret) {
                v.maxFeret = calipers.max();
                v.maxFeretZ = z;
            }
            float[] corners = new float[2 * hull.length];
            for (int i = 0; i < hull.length; i++) {
                corners[2 * i] = (float) hull[i][0];
                corners[2 * i + 1] = (float) hull[i][1];
            }
            v.hulls.add(corners);
            v.hullSlices.add(z);
            for (int ch = 0; ch < nc; ch++) {
                v.totals[ch] += sums.si[ch][k];
                v.values[ch] += sums.values[ch][k];
            }
        }
    }

    /**
     * Each object's median value in one channel ({@link Intensity#median}): the values grouped by object (a counting
     * sort by object index, NaN left out), then each group sorted.
     *
     * @param index  object index of each label value (-1 for none)
     * @param counts each object's number of values that are not NaN
     */
    private static double[] medians(int[] l, int[] index, float[] v, long[] counts, boolean integerValues) {
        int n = counts.length;
        int[] start = new int[n + 1];
        for (int k = 0; k < n; k++) {
            start[k + 1] = start[k] + (int) counts[k];
        }
        float[] grouped = new float[start[n]];
        int[] next = Arrays.copyOf(start, n);
        for (int p = 0; p < l.length; p++) {
            if (l[p] != 0 && !Float.isNaN(v[p])) {
                grouped[next[index[l[p]]]++] = v[p];
            }
        }
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            int from = start[k];
            int m = start[k + 1] - from;
            if (m == 0) {
                out[k] = Double.NaN;
                continue;
            }
            Arrays.sort(grouped, from, from + m);
            int middle = from + m / 2;
            out[k] = m % 2 == 1 || integerValues ? grouped[middle] : (grouped[middle - 1] + grouped[middle]) / 2f;
        }
        return out;
    }

    /** The outline's ellipse, its centre placed as the calibration places positions (from its origin). */
    private static Ellipse ellipse(Outline outline, Calibration cal, int w, int h) {
        try {
            Ellipse e = Ellipse.ofBoundary(outline, cal.pixelWidth(), cal.pixelHeight(), w, h);
            return new Ellipse(e.centreX() + cal.x(0), e.centreY() + cal.y(0), e.major(), e.minor(), e.angle());
        } catch (IllegalArgumentException notElliptic) {
            return Ellipse.NONE;
        }
    }

    /**
     * Pixels of every class on every plane and over each time point, in calibrated area and volume.
     *
     * @param classes class index per pixel [x, y, z, t]
     */
    public static <C extends IntegerType<C>> List<ClassTotal> classes(RandomAccessibleInterval<C> classes,
                                                                     int classCount, Calibration cal) {
        check4d(classes, "class image");
        var zero = Views.zeroMin(classes);
        int nz = (int) zero.dimension(2);
        int nt = (int) zero.dimension(3);
        List<ClassTotal> out = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            long[] total = new long[classCount];
            for (int z = 0; z < nz; z++) {
                long[] counts = new long[classCount];
                for (C c : Views.flatIterable(Views.hyperSlice(Views.hyperSlice(zero, 3, t), 2, z))) {
                    int k = c.getInteger();
                    if (k < 0 || k >= classCount) {
                        throw new IllegalArgumentException("class value " + k + " on plane " + (z + 1)
                                + " is outside 0.." + (classCount - 1));
                    }
                    counts[k]++;
                }
                for (int k = 0; k < classCount; k++) {
                    out.add(new ClassTotal(k, z, t, counts[k], counts[k] * cal.pixelArea()));
                    total[k] += counts[k];
                }
            }
            for (int k = 0; k < classCount; k++) {
                out.add(new ClassTotal(k, -1, t, total[k], total[k] * cal.voxelVolume()));
            }
        }
        return out;
    }

    private static <L extends IntegerType<L>> int[] plane(RandomAccessibleInterval<L> plane, int n) {
        int[] out = new int[n];
        Cursor<L> c = Views.flatIterable(plane).cursor();
        for (int i = 0; i < n; i++) {
            long v = c.next().getIntegerLong();
            if (v < 0 || v > MAX_LABEL) {
                throw new IllegalArgumentException("label " + v + " at x=" + i % (int) plane.dimension(0) + ", y="
                        + i / (int) plane.dimension(0) + " is outside 0.." + MAX_LABEL);
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static <I extends RealType<I>> float[] values(RandomAccessibleInterval<I> plane, int n) {
        float[] out = new float[n];
        int i = 0;
        for (I v : Views.flatIterable(plane)) {
            out[i++] = v.getRealFloat();
        }
        return out;
    }

    private static void check4d(RandomAccessibleInterval<?> img, String what) {
        if (img.numDimensions() != 4) {
            throw new IllegalArgumentException("expected a " + what + " [x, y, z, t], got " + img.numDimensions()
                    + "D");
        }
    }

    private static String size(RandomAccessibleInterval<?> img) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < img.numDimensions(); d++) {
            s.append(d == 0 ? "" : "x").append(img.dimension(d));
        }
        return s.toString();
    }

    /**
     * The class of each of {@code r}'s region rows: the class most of its pixels on that plane have in
     * {@code classes} (same size as {@code labels}, both [x, y, z, t]), not counting the boundary class (index
     * {@code boundary}, -1 for none) unless the region has nothing else: a small nucleus is mostly rim.
     */
    public static <L extends IntegerType<L>, C extends IntegerType<C>> int[] classesOf(
            Result r, RandomAccessibleInterval<L> labels, RandomAccessibleInterval<C> classes, int boundary) {
        long nz = labels.dimension(2);
        Map<Long, Map<Integer, Long>> votes = new LinkedHashMap<>();
        var lc = Views.flatIterable(labels).localizingCursor();
        var cc = Views.flatIterable(classes).cursor();
        while (lc.hasNext()) {
            long l = lc.next().getIntegerLong();
            int k = cc.next().getInteger();
            if (l != 0) {
                long key = (l << 32) | (lc.getLongPosition(3) * nz + lc.getLongPosition(2));
                votes.computeIfAbsent(key, x -> new LinkedHashMap<>()).merge(k, 1L, Long::sum);
            }
        }
        int[] out = new int[r.slices().size()];
        for (int i = 0; i < out.length; i++) {
            ObjectSlice s = r.slices().get(i);
            long key = ((long) s.label() << 32) | ((long) s.t() * nz + s.z());
            Map<Integer, Long> v = votes.get(key);
            out[i] = v.entrySet().stream().filter(e -> e.getKey() != boundary || v.size() == 1)
                    .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
        return out;
    }
}
