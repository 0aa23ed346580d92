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
}
