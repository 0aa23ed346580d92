package io.pixelwise.measure;

import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.RecordingProgress;
import io.pixelwise.regions.Connectivity;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementsTest {

    private static final Calibration HALF_MM = new Calibration(0.5, 0.5, 1, "mm");
    private static final double EPS = 1e-9;

    private static RandomAccessibleInterval<IntType> plane(int[] labels, int w, int h) {
        return Views.addDimension(Views.addDimension(ArrayImgs.ints(labels, w, h), 0, 0), 0, 0);
    }

    private static Measurements.Result measure(int[] labels, int w, int h, Calibration cal) {
        return Measurements.objects(plane(labels, w, h), null, cal, Connectivity.FACE, Progress.NONE);
    }

    /** A w x w plane with label 1 on x0 <= x < x1, y0 <= y < y1. */
    private static int[] rectangle(int w, int x0, int y0, int x1, int y1) {
        int[] l = new int[w * w];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                l[y * w + x] = 1;
            }
        }
        return l;
    }

    @Test
    void squareAtHalfAMillimetre() {
        int w = 20;
        int[] l = rectangle(w, 5, 5, 15, 15);
        Measurements.ObjectSlice s = measure(l, w, w, HALF_MM).slices().get(0);
        assertEquals(100, s.pixels());
        assertEquals(25, s.area(), EPS, "100 pixels of 0.25 mm²");
        assertEquals(5.0, s.centroidX(), EPS, "pixel centres 5.5..14.5 average 10, times 0.5");
        assertEquals(5.0, s.centroidY(), EPS);
        assertEquals(2.5, s.boundsX(), EPS);
        assertEquals(5, s.boundsWidth(), EPS);
        assertEquals(Math.hypot(5, 5), s.calipers().max(), EPS, "corner to corner");
        assertEquals(5, s.calipers().min(), EPS, "side to side");
        assertEquals(1, s.solidity(), EPS, "convex");
        // ImageJ's traced perimeter: 40 pixel edges of 0.5 mm, each of the 4 corners' two edges (1 mm) replaced by
        // their diagonal (0.707 mm).
        assertEquals(20 - 4 * (1 - Math.hypot(0.5, 0.5)), s.perimeter(), EPS);
        assertEquals(2 * Math.sqrt(25 / Math.PI), s.equivalentDiameter(), EPS);
        assertEquals(4 * Math.PI * 25 / (s.perimeter() * s.perimeter()), s.circularity(), EPS);
        assertTrue(s.intensities().isEmpty(), "no intensity image, no intensities");
    }

    /** An origin (a scan's header places one) moves positions, as in ImageJ's Measure, and no size. */
    @Test
    void positionsCountFromTheOrigin() {
        int w = 20;
        int[] l = rectangle(w, 4, 5, 16, 15);
        Measurements.ObjectSlice plain = measure(l, w, w, HALF_MM).slices().get(0);
        Measurements.ObjectSlice shifted = measure(l, w, w, new Calibration(0.5, 0.5, 1, "mm", 10, -4, 0)).slices()
                .get(0);
        assertEquals(plain.centroidX() - 5, shifted.centroidX(), EPS, "10 pixels of 0.5 mm to the left");
        assertEquals(plain.centroidY() + 2, shifted.centroidY(), EPS);
        assertEquals(plain.boundsX() - 5, shifted.boundsX(), EPS);
        assertEquals(plain.boundsY() + 2, shifted.boundsY(), EPS);
        assertEquals(plain.ellipse().centreX() - 5, shifted.ellipse().centreX(), EPS);
        assertEquals(plain.ellipse().centreY() + 2, shifted.ellipse().centreY(), EPS);
        assertEquals(plain.area(), shifted.area(), EPS);
        assertEquals(plain.perimeter(), shifted.perimeter(), EPS);
        assertEquals(plain.boundsWidth(), shifted.boundsWidth(), EPS);
        assertEquals(plain.ellipse().major(), shifted.ellipse().major(), EPS);
        assertEquals(plain.calipers(), shifted.calipers());
    }

    /** A long stack shows how far it got, plane by plane, and Esc stops it between planes. */
    @Test
    void progressPerPlaneAndCancelBetweenPlanes() {
        int[] l = new int[4 * 4 * 3];
        java.util.Arrays.fill(l, 1);
        var stack = ArrayImgs.ints(l, 4, 4, 3, 1);
        RecordingProgress canceled = new RecordingProgress(2);
        assertThrows(CanceledException.class,
                () -> Measurements.objects(stack, null, HALF_MM, Connectivity.FACE, canceled));
        assertEquals(List.of(1.0 / 3, 2.0 / 3), canceled.fractions());
        RecordingProgress whole = new RecordingProgress(-1);
        assertEquals(3, Measurements.objects(stack, null, HALF_MM, Connectivity.FACE, whole).slices().size());
        assertEquals(List.of(1.0 / 3, 2.0 / 3, 1.0), whole.fractions());
    }

    @Test
    void discAgreesWithGeometry() {
        int w = 61;
        int r = 20;
        int[] l = new int[w * w];
        long lattice = 0;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                if ((x - 30) * (x - 30) + (y - 30) * (y - 30) <= r * r) {
                    l[y * w + x] = 9;
                    lattice++;
                }
            }
        }
        Measurements.ObjectSlice s = measure(l, w, w, HALF_MM).slices().get(0);
        assertEquals(9, s.label());
        assertEquals(lattice * 0.25, s.area(), EPS);
        assertEquals(Math.PI * r * r * 0.25, s.area(), 0.01 * s.area(), "area within 1 % of pi r^2");
        assertEquals(15.25, s.centroidX(), EPS, "centre pixel 30 at 30.5 x 0.5 mm");
        // The traced outline runs along pixel edges, about half a pixel outside the pixel centres.
        assertEquals(2 * Math.PI * (r + 0.5) * 0.5, s.perimeter(), 0.05 * s.perimeter());
        assertEquals((2 * r + 1) * 0.5, s.calipers().max(), 0.03 * s.calipers().max());
        assertEquals((2 * r + 1) * 0.5, s.calipers().min(), 0.03 * s.calipers().min(), "a disc is as wide any way");
        assertTrue(s.solidity() > 0.95 && s.solidity() < 1, "convex but for the steps between its pixel corners: "
                + s.solidity());
        assertTrue(s.circularity() > 0.85 && s.circularity() <= 1, "circularity " + s.circularity());
        assertEquals(2 * r * 0.5, s.ellipse().major(), 0.02 * r, "the ellipse through the outline is the disc");
        assertEquals(2 * r * 0.5, s.ellipse().minor(), 0.02 * r);
        assertEquals(15.25, s.ellipse().centreX(), 0.01);
    }

    @Test
    void aSinglePixelHasNoEllipseARowOfPixelsAFlatOne() {
        int[] l = new int[36];
        l[6 + 1] = 1;
        for (int x = 1; x < 5; x++) {
            l[3 * 6 + x] = 2;
        }
        List<Measurements.ObjectSlice> s = measure(l, 6, 6, Calibration.PIXELS).slices();
        assertTrue(Double.isNaN(s.get(0).ellipse().major()), "one pixel: four edges, too few for an ellipse");
        Ellipse row = s.get(1).ellipse();
        assertTrue(row.major() > 3 * row.minor(), "4 x 1 pixels: " + row);
        assertEquals(0, Math.min(row.angle(), 180 - row.angle()), 1e-6, "along x");
    }

    @Test
    void blobsInAFourByFourImage() {
        // A 2x2 blob in a 4x4 image: 4 pixels; the whole 4x4 image as one blob: 16.
        int[] small = {0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0};
        Measurements.ObjectSlice s = measure(small, 4, 4, Calibration.PIXELS).slices().get(0);
        assertEquals(4, s.area(), EPS);
        assertEquals(2.0, s.centroidX(), EPS);
        int[] full = new int[16];
        java.util.Arrays.fill(full, 1);
        assertEquals(16, measure(full, 4, 4, Calibration.PIXELS).slices().get(0).area(), EPS);
    }

    @Test
    void cubeVolumeUsesTheVoxelDepth() {
        int n = 10;
        int[] v = new int[n * n * n];
        for (int z = 2; z < 8; z++) {
            for (int y = 2; y < 8; y++) {
                for (int x = 2; x < 8; x++) {
                    v[(z * n + y) * n + x] = 4;
                }
            }
        }
        var labels = Views.addDimension(ArrayImgs.ints(v, n, n, n), 0, 0);
        Calibration cal = new Calibration(0.5, 0.5, 2, "mm");
        Measurements.Result r = Measurements.objects(labels, null, cal, Connectivity.FACE, Progress.NONE);
        assertEquals(6, r.slices().size(), "one row per slice the cube is on");
        assertEquals(9, r.slices().get(0).area(), EPS, "36 pixels of 0.25 mm²");
        Measurements.ObjectVolume vol = r.volumes().get(0);
        assertEquals(216, vol.voxels());
        assertEquals(216 * 0.5, vol.volume(), EPS, "216 voxels of 0.5 x 0.5 x 2 mm³");
        assertEquals(2, vol.firstSlice());
        assertEquals(7, vol.lastSlice());
        assertEquals(5 * 0.5, vol.centroidX(), EPS, "voxel centres x 2.5 ... 7.5 average 5 pixels");
        assertEquals(5 * 0.5, vol.centroidY(), EPS);
        assertEquals(5 * 2, vol.centroidZ(), EPS, "slice middles 2.5 ... 7.5 average 5 slices of 2 mm");
        assertEquals(Math.sqrt(2) * 3, vol.maxFeret(), EPS, "a 3 mm square's diagonal, on every slice");
        assertEquals(2, vol.maxFeretSlice(), "the first slice where it is largest");
        assertEquals(Math.sqrt(3 * 3 + 3 * 3 + 12 * 12), vol.feret3d(), 1e-5, "3 x 3 x 12 mm, corner to corner");
    }

    /**
     * The 3D Feret diameter is the largest distance between two corners of the object's voxels: on random blobs
     * (pieces apart, holes, any shape) and random ellipsoids of random voxel sizes, as brute force over every pair of
     * the voxels' corners finds it.
     */
    @Test
    void feret3dIsTheLargestDistanceBetweenVoxelCorners() {
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 36; round++) {
            boolean blob = round < 30;
            int w = blob ? 7 : 24;
            int h = blob ? 6 : 20;
            int d = blob ? 1 + random.nextInt(5) : 10;
            double[] c = {w * random.nextDouble(), h * random.nextDouble(), d * random.nextDouble()};
            double[] r = {3 + 9 * random.nextDouble(), 3 + 9 * random.nextDouble(), 2 + 4 * random.nextDouble()};
            int[] v = new int[w * h * d];
            for (int i = 0; i < v.length; i++) {
                double[] p = {i % w + 0.5 - c[0], i / w % h + 0.5 - c[1], i / (w * h) + 0.5 - c[2]};
                boolean in = p[0] * p[0] / (r[0] * r[0]) + p[1] * p[1] / (r[1] * r[1])
                        + p[2] * p[2] / (r[2] * r[2]) <= 1;
                v[i] = (blob ? random.nextInt(3) == 0 : in) ? 1 : 0;
            }
            v[random.nextInt(v.length)] = 1;
            Calibration cal = new Calibration(0.1 + random.nextDouble(), 0.1 + random.nextDouble(),
                    random.nextBoolean() ? 2.5 : 0.3, "mm");
            List<double[]> corners = new java.util.ArrayList<>();
            for (int z = 0; z <= d; z++) {
                for (int y = 0; y <= h; y++) {
                    for (int x = 0; x <= w; x++) {
                        boolean corner = false;
                        for (int k = 0; k < 8; k++) {
                            int vx = x - (k & 1);
                            int vy = y - (k >> 1 & 1);
                            int vz = z - (k >> 2 & 1);
                            corner |= vx >= 0 && vy >= 0 && vz >= 0 && vx < w && vy < h && vz < d
                                    && v[(vz * h + vy) * w + vx] == 1;
                        }
                        if (corner) {
                            corners.add(new double[] {x * cal.pixelWidth(), y * cal.pixelHeight(),
                                    z * cal.voxelDepth()});
                        }
                    }
                }
            }
            double best = 0;
            for (double[] a : corners) {
                for (double[] b : corners) {
                    best = Math.max(best, Math.hypot(Math.hypot(a[0] - b[0], a[1] - b[1]), a[2] - b[2]));
                }
            }
            var labels = Views.addDimension(ArrayImgs.ints(v, w, h, d), 0, 0);
            Measurements.ObjectVolume vol = Measurements.objects(labels, null, cal, Connectivity.FULL, Progress.NONE)
                    .volumes().get(0);
            assertEquals(best, vol.feret3d(), 1e-5 * best, "round " + round);
        }
    }

    /**
     * The 3D centroid counts from the origin as ImageJ places it (pixels and slices), and weighs each slice by its
     * pixels: an L of 8 voxels on slice 1 and 2 on slice 4.
     */
    @Test
    void theCentroidOfAnObjectIsTheMeanOfItsVoxelCentresFromTheOrigin() {
        int w = 6;
        int h = 5;
        int[] v = new int[w * h * 5];
        for (int x = 1; x <= 4; x++) {
            v[w + x] = 3;                                    // slice 0, y = 1, x = 1..4
            v[2 * w + x] = 3;                                // slice 0, y = 2, x = 1..4
        }
        v[4 * w * h + 3 * w + 5] = 3;                        // slice 4, (5, 3)
        v[4 * w * h + 4 * w + 5] = 3;                        // slice 4, (5, 4)
        var labels = Views.addDimension(ArrayImgs.ints(v, w, h, 5), 0, 0);
        Calibration cal = new Calibration(0.5, 0.25, 3, "µm", 2, -1, 1.5);
        Measurements.ObjectVolume vol = Measurements.objects(labels, null, cal, Connectivity.FACE, Progress.NONE)
                .volumes().get(0);
        double x = (8 * 3.0 + 2 * 5.5) / 10;                // voxel centres: 1.5 ... 4.5 (mean 3) and 5.5
        double y = (4 * 1.5 + 4 * 2.5 + 3.5 + 4.5) / 10;
        double z = (8 * 0.5 + 2 * 4.5) / 10;
        assertEquals((x - 2) * 0.5, vol.centroidX(), EPS);
        assertEquals((y + 1) * 0.25, vol.centroidY(), EPS);
        assertEquals((z - 1.5) * 3, vol.centroidZ(), EPS);
        assertEquals(Math.hypot(4 * 0.5, 2 * 0.25), vol.maxFeret(), EPS, "the 4 x 2 block's diagonal, on slice 0");
        assertEquals(0, vol.maxFeretSlice());
    }

    @Test
    void intensityStatisticsOfEachObjectInEachChannel() {
        int[] l = {1, 1, 0, 2, 1, 1, 0, 2};
        float[] values = {1, 2, 100, 7, 3, 4, 100, 7,                     // channel 1
                -10, -20, 0, 5, -30, -40, 0, 9};                             // channel 2
        var img = Views.addDimension(Views.addDimension(ArrayImgs.floats(values, 4, 2, 2), 0, 0), 0, 0);
        Measurements.Result r = Measurements.objects(plane(l, 4, 2), img, Calibration.PIXELS, Connectivity.FACE,
                Progress.NONE);
        Measurements.ObjectSlice a = r.slices().get(0);
        assertEquals(2, a.intensities().size());
        assertEquals(new Measurements.Intensity(2.5, 1, 4, Math.sqrt(5.0 / 3), 2.5, 10).toString(),
                a.intensities().get(0).toString(),
                "mean, min, max, sample standard deviation, median (of a float image: the middle two's mean), sum of "
                        + "1, 2, 3, 4");
        Measurements.Intensity second = a.intensities().get(1);
        assertEquals(-25, second.mean(), EPS);
        assertEquals(-40, second.min(), EPS);
        assertEquals(-10, second.max(), EPS);
        assertEquals(10 * Math.sqrt(5.0 / 3), second.std(), 1e-9);
        assertEquals(-25, second.median(), EPS);
        assertEquals(-100, second.sum(), EPS);
        assertEquals(0, r.slices().get(1).intensities().get(0).std(), EPS);
        assertEquals(7, r.slices().get(1).intensities().get(1).mean(), EPS);
        assertEquals(List.of(new Measurements.IntensitySum(10, 4), new Measurements.IntensitySum(-100, 4)),
                r.volumes().get(0).intensities());
        assertEquals(2.5, r.volumes().get(0).intensities().get(0).mean(), EPS);
        assertEquals(-25, r.volumes().get(0).intensities().get(1).mean(), EPS);
        Measurements.Result none = Measurements.objects(plane(l, 4, 2), null, Calibration.PIXELS, Connectivity.FACE,
                Progress.NONE);
        assertEquals(List.of(), none.slices().get(0).intensities());
        assertEquals(List.of(), none.volumes().get(0).intensities());
    }

    /**
     * An L of 12 pixels (a 4 x 4 square without its top right 2 x 2) at 0.5 x 0.25 mm: its hull cuts the inner corner
     * off (14 pixels' area), the longest diameter runs corner to corner, the narrowest strip lies along its sides.
     */
    @Test
    void calipersAndSolidityOfAnLShapeWithUnequalPixelSides() {
        int[] l = rectangle(6, 1, 1, 5, 5);
        for (int y = 1; y < 3; y++) {
            for (int x = 3; x < 5; x++) {
                l[y * 6 + x] = 0;
            }
        }
        Measurements.ObjectSlice s = measure(l, 6, 6, new Calibration(0.5, 0.25, 1, "mm")).slices().get(0);
        assertEquals(14 * 0.125, s.calipers().hullArea(), EPS);
        assertEquals(12.0 / 14, s.solidity(), EPS);
        assertEquals(Math.sqrt(5), s.calipers().max(), EPS, "(0, 0) to (2, 1) mm");
        assertEquals(180 - Math.toDegrees(Math.atan2(1, 2)), s.calipers().angle(), EPS,
                "down to the right on screen: between 90 and 180 degrees");
        assertEquals(1, s.calipers().min(), EPS, "4 pixels of 0.25 mm from top to bottom");
    }

    /**
     * ImageJ takes the median of an 8- or 16-bit image from its histogram: for an even count, the upper of the two
     * middle values; of a 32-bit image, their mean. NaN is left out.
     */
    @Test
    void theMedianIsImageJsForIntegerAndFloatImages() {
        int[] l = {1, 1, 1, 1, 2, 2, 2, 0};
        byte[] bytes = {4, 1, 3, 2, 9, 7, 8, 0};
        float[] floats = {4, 1, 3, 2, 9, Float.NaN, 8, 0};
        var integer = Measurements.objects(plane(l, 8, 1),
                Views.addDimension(Views.addDimension(Views.addDimension(ArrayImgs.unsignedBytes(bytes, 8, 1), 0, 0),
                        0, 0), 0, 0), Calibration.PIXELS, Connectivity.FACE, Progress.NONE).slices();
        assertEquals(3, integer.get(0).intensities().get(0).median(), EPS, "1 2 3 4: the upper middle one");
        assertEquals(8, integer.get(1).intensities().get(0).median(), EPS, "7 8 9: the middle one");
        var real = Measurements.objects(plane(l, 8, 1),
                Views.addDimension(Views.addDimension(Views.addDimension(ArrayImgs.floats(floats, 8, 1), 0, 0),
                        0, 0), 0, 0), Calibration.PIXELS, Connectivity.FACE, Progress.NONE).slices();
        assertEquals(2.5, real.get(0).intensities().get(0).median(), EPS, "1 2 3 4: the middle two's mean");
        assertEquals(8.5, real.get(1).intensities().get(0).median(), EPS, "8 and 9, NaN left out");
        assertEquals(17, real.get(1).intensities().get(0).sum(), EPS);
    }

    @Test
    void gapsInIdsEmptyImagesAndMoreThan65535Objects() {
        int[] gaps = new int[16];
        gaps[0] = 3;
        gaps[15] = 70;
        assertEquals(List.of(3, 70), measure(gaps, 4, 4, Calibration.PIXELS).slices().stream()
                .map(Measurements.ObjectSlice::label).toList());
        Measurements.Result empty = measure(new int[25], 5, 5, HALF_MM);
        assertTrue(empty.slices().isEmpty() && empty.volumes().isEmpty());
        int w = 300;
        int[] many = new int[w * w];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;                              // 90 000 one-pixel objects
        }
        Measurements.Result r = measure(many, w, w, Calibration.PIXELS);
        assertEquals(90000, r.slices().size());
        Measurements.ObjectSlice last = r.slices().get(89999);
        assertEquals(90000, last.label());
        assertEquals(1, last.area(), EPS);
        assertEquals(299.5, last.centroidX(), EPS);
    }

    @Test
    void classTotalsPerPlaneAndPerVolume() {
        // Two planes of 2x2: classes 0 1 / 1 2 and 2 2 / 2 0.
        var classes = Views.addDimension(ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 2, 2, 2, 2, 0}, 2, 2, 2), 0, 0);
        List<Measurements.ClassTotal> t = Measurements.classes(classes, 3, new Calibration(0.5, 0.5, 3, "mm"));
        assertEquals(new Measurements.ClassTotal(1, 0, 0, 2, 0.5), t.get(1));
        assertEquals(new Measurements.ClassTotal(2, 1, 0, 3, 0.75), t.get(5));
        assertEquals(new Measurements.ClassTotal(2, -1, 0, 4, 4 * 0.75), t.get(8), "4 voxels of 0.75 mm³");
    }

    /** The voxel counts come from numpy on the raw NIfTI bytes (1324 anterior, 1624 posterior voxels, 1 mm³ each). */
    @Test
    void hippocampusVolumesInCubicMillimetres() throws Exception {
        java.nio.file.Path f = java.nio.file.Path.of("../shared/data/msd_hippocampus_mri/labelsTr/hippocampus_001.nii.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(f), "shared data not present: " + f);
        io.pixelwise.io.Nifti.Volume v = io.pixelwise.io.Nifti.read(f);
        java.util.List<net.imglib2.img.basictypeaccess.array.ByteArray> planes = new java.util.ArrayList<>();
        for (Object p : v.planes()) {
            planes.add(new net.imglib2.img.basictypeaccess.array.ByteArray((byte[]) p));
        }
        var img = new net.imglib2.img.planar.PlanarImg<net.imglib2.type.numeric.integer.UnsignedByteType,
                net.imglib2.img.basictypeaccess.array.ByteArray>(planes, new long[] {v.width(), v.height(), v.depth(), 1},
                new net.imglib2.util.Fraction());
        img.setLinkedType(new net.imglib2.type.numeric.integer.UnsignedByteType(img));
        Calibration cal = new Calibration(v.spacing()[0], v.spacing()[1], v.spacing()[2], v.unit());
        List<Measurements.ClassTotal> t = Measurements.classes(img, 3, cal);
        List<Measurements.ClassTotal> volumes = t.stream().filter(c -> c.z() == -1).toList();
        assertEquals(1324.0, volumes.get(1).size(), EPS, "anterior, mm³");
        assertEquals(1624.0, volumes.get(2).size(), EPS, "posterior, mm³");
        assertEquals("mm³", cal.volumeUnit());
    }

    @Test
    void mismatchedSizesAndBadLabelsAreNamed() {
        var img = Views.addDimension(Views.addDimension(ArrayImgs.floats(3, 3, 1), 0, 0), 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measurements.objects(plane(new int[4], 2, 2), img, Calibration.PIXELS, Connectivity.FACE, Progress.NONE));
        assertTrue(e.getMessage().contains("intensity image is 3x3x1x1x1 [x, y, channel, z, t] but the label image is 2x2x1x1"),
                e.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> measure(new int[] {0, -2, 0, 0}, 2, 2, Calibration.PIXELS));
        assertTrue(neg.getMessage().contains("label -2 at x=1, y=0"), neg.getMessage());
        assertTrue(!Calibration.PIXELS.isCalibrated() && Calibration.PIXELS.areaUnit().equals("pixel²"));
    }
}
