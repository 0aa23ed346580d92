package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.Measurements;
import ij.process.ImageStatistics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EditsTest {

    /** A 20 x 16 x 3 stack with one object on slices 2-3 at x 6-8, y 5-6. */
    private static ImagePlus[] imageAndLabels(Calibration cal) {
        ImagePlus image = IJ.createImage("scan", "16-bit ramp", 20, 16, 3);
        ImagePlus labels = IJ.createImage("labels", "8-bit black", 20, 16, 3);
        for (int z = 2; z <= 3; z++) {
            var plane = labels.getStack().getProcessor(z);
            plane.setValue(7);
            plane.fill(new Roi(6, 5, 3, 2));
        }
        image.setCalibration(cal);
        labels.setCalibration(cal.copy());
        return new ImagePlus[] {image, labels};
    }

    private static ImageStatistics centroid(ImagePlus imp, Roi roi) {
        imp.setRoi(roi);
        return imp.getStatistics(Measurements.CENTROID);
    }

    @Test
    void aCutoutOfAnImageWithAnOriginKeepsItsCoordinatesAsDuplicateDoes() {
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.25;
        cal.pixelDepth = 2;
        cal.setUnit("mm");
        cal.xOrigin = 4;
        cal.yOrigin = 2;
        cal.zOrigin = 1;
        ImagePlus[] il = imageAndLabels(cal);
        ImagePlus cut = Edits.cutOut(il[0], il[1], v -> v == 7, 1, "cut");
        assertEquals(5, cut.getWidth());
        assertEquals(4, cut.getHeight());
        assertEquals(2, cut.getNSlices());
        ImageStatistics before = centroid(il[0], new Roi(6, 5, 3, 2));
        ImageStatistics after = centroid(cut, new Roi(1, 1, 3, 2));
        assertEquals(before.xCentroid, after.xCentroid, 1e-12, "Measure's centroid x is the source's");
        assertEquals(before.yCentroid, after.yCentroid, 1e-12, "Measure's centroid y is the source's");
        assertEquals(il[0].getCalibration().getZ(1), cut.getCalibration().getZ(0), 1e-12,
                "the cutout's first slice lies where the source's second does");
        assertEquals(0.5, cut.getCalibration().pixelWidth);
        assertEquals("mm", cut.getCalibration().getUnit());
    }

    @Test
    void aCutoutOfAnImageWithoutOriginHasItsOwnCoordinatesAsADuplicateHas() {
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        ImagePlus[] il = imageAndLabels(cal);
        Calibration cut = Edits.cutOut(il[0], il[1], v -> v == 7, 0, "cut").getCalibration();
        assertEquals(0, cut.xOrigin);
        assertEquals(0, cut.yOrigin);
        assertEquals(0, cut.zOrigin);
    }
}
