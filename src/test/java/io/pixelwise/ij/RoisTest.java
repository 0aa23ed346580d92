package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.io.RoiDecoder;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.RecordingProgress;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Instances;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.RandomAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoisTest {

    private static final List<String> CLASSES = List.of("background", "nucleus");

    /** A class image [x, y, z, t] with a 4x4 square of class 1 at (2, 3) on the given planes. */
    private static net.imglib2.img.planar.PlanarImg<UnsignedShortType, ?> squares(int nz, int nt, int[][] zt) {
        var img = PlanarImgs.unsignedShorts(10, 10, nz, nt);
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        for (int[] p : zt) {
            for (int y = 3; y < 7; y++) {
                for (int x = 2; x < 6; x++) {
                    ra.setPosition(new int[] {x, y, p[0], p[1]});
                    ra.get().set(1);
                }
            }
        }
        return img;
    }

    private static List<Roi> rois(net.imglib2.img.planar.PlanarImg<UnsignedShortType, ?> cls, ImagePlus layout) {
        Instances.Result r = Instances.label(cls,
                new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0, false), false);
        return Rois.fromInstances(r, CLASSES, Connectivity.FACE, layout);
    }

    @Test
    void fourByFourBlobBecomesANamedTracedSquare() {
        List<Roi> rois = rois(squares(1, 1, new int[][] {{0, 0}}), IJ.createImage("one", "8-bit", 10, 10, 1));
        assertEquals(1, rois.size());
        Roi r = rois.get(0);
        assertEquals("nucleus-1", r.getName());
        assertEquals(Roi.TRACED_ROI, r.getType());
        assertEquals(new Rectangle(2, 3, 4, 4), r.getBounds());
        assertEquals(16, r.getContainedPoints().length);
        assertEquals(0, r.getPosition());
    }

    @Test
    void plainStackRoisSitOnTheirSlice() {
        ImagePlus stack = IJ.createImage("stack", "8-bit", 10, 10, 5);
        List<Roi> rois = rois(squares(5, 1, new int[][] {{1, 0}, {4, 0}}), stack);
        assertEquals(2, rois.size());
        assertEquals(2, rois.get(0).getPosition());
        assertEquals(5, rois.get(1).getPosition());
    }

    @Test
    void timeSeriesRoisSitOnTheirFrame() {
        ImagePlus movie = IJ.createHyperStack("movie", 10, 10, 1, 1, 3, 8);
        List<Roi> rois = rois(squares(1, 3, new int[][] {{0, 2}}), movie);
        assertEquals(3, rois.get(0).getPosition());
    }

    @Test
    void hyperstackRoisCarryZAndTForAllChannels() {
        ImagePlus hs = IJ.createHyperStack("hs", 10, 10, 2, 3, 4, 8);
        List<Roi> rois = rois(squares(3, 4, new int[][] {{2, 1}, {0, 3}}), hs);
        assertEquals(2, rois.size());
        Roi a = rois.get(0);
        assertEquals(0, a.getCPosition());
        assertEquals(3, a.getZPosition());
        assertEquals(2, a.getTPosition());
        Roi b = rois.get(1);
        assertEquals(1, b.getZPosition());
        assertEquals(4, b.getTPosition());
    }

    @Test
    void objectWithAHoleIsAShapeRoiWithoutTheHole() {
        var img = PlanarImgs.unsignedShorts(7, 7, 1, 1);
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        for (int y = 1; y < 6; y++) {
            for (int x = 1; x < 6; x++) {
                ra.setPosition(new int[] {x, y, 0, 0});
                ra.get().set(x == 3 && y == 3 ? 0 : 1);
            }
        }
        Roi r = rois(img, IJ.createImage("ring", "8-bit", 7, 7, 1)).get(0);
        assertInstanceOf(ShapeRoi.class, r);
        assertEquals(24, r.getContainedPoints().length);
        assertTrue(!r.contains(3, 3));
    }

    @Test
    void zipHoldsOneReadableRoiPerObject(@TempDir Path dir) throws Exception {
        List<Roi> rois = rois(squares(2, 1, new int[][] {{0, 0}, {1, 0}}), IJ.createImage("s", "8-bit", 10, 10, 2));
        Path zip = dir.resolve("rois.zip");
        Rois.writeZip(rois, zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertEquals(2, z.size());
            var entry = z.getEntry("nucleus-2.roi");
            Roi back = RoiDecoder.openFromByteArray(z.getInputStream(entry).readAllBytes());
            assertEquals(new Rectangle(2, 3, 4, 4), back.getBounds());
            assertEquals(2, back.getPosition());
        }
        assertTrue(Files.size(zip) > 0);
    }

    /** Label to ROIs on a long stack: the bar moves plane by plane and Esc stops it between planes. */
    @Test
    void progressPerPlaneAndCancelBetweenPlanes() {
        RecordingProgress escAfterTwo = new RecordingProgress(2);
        var cls = squares(3, 1, new int[][] {{0, 0}, {1, 0}, {2, 0}});
        ImagePlus layout = IJ.createImage("three", "8-bit", 10, 10, 3);
        assertThrows(CanceledException.class,
                () -> Rois.fromLabels(cls, id -> "label-" + id, Connectivity.FACE, layout, escAfterTwo));
        assertEquals(List.of(1.0 / 3, 2.0 / 3), escAfterTwo.fractions());
    }

    @Test
    void overlayGetsTheRoisWhenHeadless() {
        ImagePlus imp = IJ.createImage("o", "8-bit", 10, 10, 1);
        List<Roi> rois = rois(squares(1, 1, new int[][] {{0, 0}}), imp);
        Rois.show(imp, rois, Rois.Target.OVERLAY);
        assertEquals(1, imp.getOverlay().size());
    }

    @Test
    void perimeterIsImageJsOwnForTheSameTracedRoi() {
        int w = 60;
        int[] shapes = new int[w * w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                if ((x - 20) * (x - 20) + (y - 20) * (y - 20) <= 225) {
                    shapes[y * w + x] = 1;                       // disc
                } else if (x >= 40 && x < 55 && y >= 30 && y < 35 || x >= 40 && x < 45 && y >= 30 && y < 55) {
                    shapes[y * w + x] = 2;                       // L
                } else if (x + y < 30 && x >= 2 && y >= 40) {
                    shapes[y * w + x] = 3;                       // staircase edge
                }
            }
        }
        ImagePlus imp = IJ.createImage("cal", "8-bit black", w, w, 1);
        imp.getCalibration().pixelWidth = 0.4;
        imp.getCalibration().pixelHeight = 0.7;
        for (var e : io.pixelwise.regions.Contours.outlines(net.imglib2.img.array.ArrayImgs.ints(shapes, w, w),
                Connectivity.FACE).entrySet()) {
            Roi roi = Rois.toRoi(e.getValue());
            roi.setImage(imp);
            assertEquals(roi.getLength(), e.getValue().perimeter(0.4, 0.7), 1e-9, "shape " + e.getKey());
        }
    }

    /**
     * A user checks Pixelwise against ImageJ's own tools: the ROI of every object is the polygon ImageJ's wand traces
     * for it (Analyze Particles, the Wand tool), vertex for vertex from the same first vertex, and Measure Regions'
     * perimeter is that ROI's length (ImageJ's traced perimeter counts staircase corners in turn from the first
     * vertex, so starting one corner elsewhere changed it by a corner for half the sample's nuclei). Random blobs,
     * calibrated, both connectivities; objects with holes are ShapeRois (the wand traces only their outside). ROIs to
     * Labels paints the ROIs back into the same label image.
     */
    @Test
    void roisAndPerimetersAreImageJsWandsForTheSameObjects() {
        int w = 96;
        java.util.Random random = new java.util.Random(7);
        int compared = 0;
        for (Connectivity connectivity : Connectivity.values()) {
            for (int trial = 0; trial < 4; trial++) {
                int[] mask = new int[w * w];
                for (int blob = 0; blob < 25; blob++) {        // overlapping discs and boxes with ragged edges
                    int cx = random.nextInt(w);
                    int cy = random.nextInt(w);
                    int r = 2 + random.nextInt(9);
                    boolean box = random.nextBoolean();
                    for (int y = Math.max(0, cy - r); y < Math.min(w, cy + r + 1); y++) {
                        for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
                            double d = box ? Math.max(Math.abs(x - cx), Math.abs(y - cy))
                                    : Math.hypot(x - cx, y - cy);
                            if (d <= r - random.nextInt(2)) {
                                mask[y * w + x] = 1;
                            }
                        }
                    }
                }
                int[] ids = new int[w * w];
                io.pixelwise.regions.ConnectedComponents.label(net.imglib2.img.array.ArrayImgs.ints(mask, w, w),
                        net.imglib2.img.array.ArrayImgs.ints(ids, w, w), new boolean[] {false, true}, connectivity, 1);
                ImagePlus imp = new ImagePlus("blobs", new ij.process.FloatProcessor(w, w, ids).convertToShort(false));
                imp.getCalibration().pixelWidth = 0.4;
                imp.getCalibration().pixelHeight = 0.7;
                imp.getCalibration().setUnit("mm");
                var measured = RegionMeasurement.measure(imp, null, null).regions();
                var byLabel = new java.util.HashMap<Integer, Integer>();
                for (int row = 0; row < measured.size(); row++) {
                    byLabel.put((int) measured.getValue("Label", row), row);
                }
                ij.process.ImageProcessor ip = imp.getProcessor();
                List<Roi> rois = Rois.fromLabels(ImagePlusViews.labels(imp), id -> "label-" + id, connectivity, imp);
                // and back: ROIs to Labels paints every object's pixels, holes left out, as they were
                ImagePlus painted = RoiLabels.paint(imp, rois,
                        r -> Integer.parseInt(r.getName().substring("label-".length())));
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(ids[i], painted.getProcessor().get(i), connectivity + " trial " + trial + " pixel "
                            + i % w + ", " + i / w);
                }
                for (Roi roi : rois) {
                    if (roi instanceof ShapeRoi) {
                        continue;
                    }
                    int id = Integer.parseInt(roi.getName().substring("label-".length()));
                    int first = 0;
                    while (ip.get(first) != id) {
                        first++;
                    }
                    ij.gui.Wand wand = new ij.gui.Wand(ip);
                    wand.autoOutline(first % w, first / w, id, id, connectivity == Connectivity.FULL
                            ? ij.gui.Wand.EIGHT_CONNECTED : ij.gui.Wand.FOUR_CONNECTED);
                    java.awt.Polygon ours = roi.getPolygon();
                    String what = connectivity + " trial " + trial + " object " + id;
                    assertEquals(wand.npoints, ours.npoints, what);
                    assertArrayEquals(java.util.Arrays.copyOf(wand.xpoints, wand.npoints), ours.xpoints, what);
                    assertArrayEquals(java.util.Arrays.copyOf(wand.ypoints, wand.npoints), ours.ypoints, what);
                    Roi traced = new ij.gui.PolygonRoi(wand.xpoints, wand.ypoints, wand.npoints, Roi.TRACED_ROI);
                    traced.setImage(imp);
                    if (connectivity == Connectivity.FULL) {               // Measure Regions traces 8-connected
                        assertEquals(traced.getLength(), measured.getValue("Perimeter (mm)", byLabel.get(id)), 1e-9,
                                what);
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared > 100, compared + " objects compared");
    }
}
