package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.io.RoiDecoder;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        Instances.Result r = Instances.label(cls, new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0),
                false);
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
}
