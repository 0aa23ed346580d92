package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoiLabelsTest {

    private static int count(ImagePlus labels, int plane, int value) {
        int n = 0;
        var ip = labels.getStack().getProcessor(plane);
        for (int i = 0; i < ip.getPixelCount(); i++) {
            n += ip.getf(i) == value ? 1 : 0;
        }
        return n;
    }

    @Test
    void roisPaintTheirPlaneOrEveryPlaneWithTheirValue() {
        ImagePlus stack = IJ.createImage("stack", "8-bit black", 20, 10, 3);
        stack.getCalibration().pixelWidth = 0.5;
        Roi onSlice2 = new Roi(1, 1, 4, 4);             // 16 pixels
        onSlice2.setPosition(2);
        Roi everywhere = new Roi(10, 2, 3, 2);          // 6 pixels, no position
        ImagePlus labels = RoiLabels.paint(stack, List.of(onSlice2, everywhere), r -> r == onSlice2 ? 7 : 70000);
        assertEquals(32, labels.getBitDepth(), "a value beyond 65535 needs 32-bit labels");
        assertEquals(0, count(labels, 1, 7));
        assertEquals(16, count(labels, 2, 7));
        for (int p = 1; p <= 3; p++) {
            assertEquals(6, count(labels, p, 70000));
        }
        assertEquals(0.5, labels.getCalibration().pixelWidth);
        assertEquals(3, labels.getNSlices());
    }

    @Test
    void hyperstackPositionsAndShapesAreRespected() {
        ImagePlus hyper = IJ.createImage("h", "16-bit black", 30, 30, 1, 2, 3);
        Roi oval = new OvalRoi(5, 5, 10, 10);
        oval.setPosition(0, 2, 3);
        ImagePlus labels = RoiLabels.paint(hyper, List.of(oval), r -> 1);
        assertEquals(16, labels.getBitDepth());
        int ovalPixels = oval.getContainedPoints().length;
        assertEquals(ovalPixels, count(labels, 2 * 3, 1), "z = 2, t = 3 is plane 6 (z fastest)");
        assertEquals(0, count(labels, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RoiLabels.paint(hyper, List.of(new Line(0, 0, 5, 5)), r -> 1));
    }

    /** ROIs drawn per class (ROI groups) paint a class image named by the groups; a ROI in no group is named. */
    @Test
    void roiGroupsPaintAClassImage() {
        ImagePlus scan = IJ.createImage("scan.png", "8-bit black", 30, 20, 1);
        scan.getCalibration().pixelWidth = 0.2;
        Roi tumour = new Roi(2, 2, 10, 8);
        tumour.setGroup(1);
        Roi necrosis = new OvalRoi(4, 4, 4, 4);
        necrosis.setGroup(3);
        Roi other = new Roi(20, 5, 5, 5);
        other.setGroup(1);
        String before = Roi.getGroupName(3);
        Roi.setGroupName(3, "necrosis, core");
        try {
            ImagePlus classes = RoiLabels.classes(scan, List.of(tumour, necrosis, other));
            assertEquals("scan-classes", classes.getTitle());
            assertEquals(80 - necrosis.getContainedPoints().length + 25, count(classes, 1, 1),
                    "group 1, painted over by the later necrosis");
            assertEquals(necrosis.getContainedPoints().length, count(classes, 1, 3));
            String names = (String) classes.getProp(RegionMeasurement.CLASS_NAMES_PROPERTY);
            assertEquals("background," + (Roi.getGroupName(1) == null ? "class 1" : Roi.getGroupName(1))
                    + ",class 2,necrosis  core", names);
            assertEquals(0.2, classes.getCalibration().pixelWidth);
        } finally {
            Roi.setGroupName(3, before);
        }
        Roi loose = new Roi(1, 1, 2, 2);
        loose.setName("unsorted");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoiLabels.classes(scan, List.of(tumour, loose)));
        assertTrue(e.getMessage().startsWith("ROI 'unsorted' is in no ROI group"), e.getMessage());
    }

    @Test
    void aPlainStackPositionOnAMultiChannelImageIsItsPlaneAsImageJShowsIt() {
        ImagePlus hyper = IJ.createImage("h", "8-bit black", 20, 20, 2, 3, 2);
        Roi roi = new Roi(2, 2, 5, 4);
        roi.setPosition(10);                            // stack index 10: channel 2, slice 2, frame 2
        hyper.setPositionWithoutUpdate(2, 2, 2);
        assertEquals(10, hyper.getCurrentSlice(), "ImageJ shows the ROI at channel 2, slice 2, frame 2");
        ImagePlus labels = RoiLabels.paint(hyper, List.of(roi), r -> 1);
        for (int plane = 1; plane <= 6; plane++) {
            assertEquals(plane == 3 + 2 ? 20 : 0, count(labels, plane, 1), "plane " + plane);
        }
        ImagePlus zt = IJ.createImage("zt", "8-bit black", 20, 20, 1, 3, 2);
        Roi secondFrame = new Roi(2, 2, 5, 4);
        secondFrame.setPosition(4);                     // stack index 4 of 3 slices x 2 frames: slice 1, frame 2
        ImagePlus ztLabels = RoiLabels.paint(zt, List.of(secondFrame), r -> 1);
        for (int plane = 1; plane <= 6; plane++) {
            assertEquals(plane == 4 ? 20 : 0, count(ztLabels, plane, 1), "plane " + plane);
        }
        Roi beyond = new Roi(2, 2, 5, 4);
        beyond.setPosition(13);
        assertThrows(IllegalArgumentException.class, () -> RoiLabels.paint(hyper, List.of(beyond), r -> 1));
    }
}
