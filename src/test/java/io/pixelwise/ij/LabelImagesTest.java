package io.pixelwise.ij;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelImagesTest {

    @Test
    void sixteenBitUpTo65535LabelsWithLutAndCalibration() {
        var labels = ArrayImgs.ints(new int[] {0, 1, 2, 65535, 7, 0, 0, 3}, 2, 2, 2, 1);
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.5;
        cal.pixelDepth = 2;
        cal.setUnit("µm");
        ImagePlus imp = LabelImages.toImagePlus(labels, 65535, "labels", cal);
        assertEquals(16, imp.getBitDepth());
        assertEquals(2, imp.getNSlices());
        assertEquals(65535, imp.getStack().getProcessor(1).get(1, 1));
        assertEquals(3, imp.getStack().getProcessor(2).get(1, 1));
        assertEquals(0.5, imp.getCalibration().pixelWidth);
        assertEquals(2, imp.getCalibration().pixelDepth);
        assertEquals("µm", imp.getCalibration().getUnit());
        assertNotSame(cal, imp.getCalibration());
        assertEquals(0, imp.getProcessor().getLut().getRGB(0) & 0xffffff, "background is black");
    }

    /**
     * Labels of a CT keep its pixel size and origin but not its Hounsfield function: label 1 reads 1 in ImageJ (and
     * in a saved TIFF), not -1023. The same for ROIs painted into labels.
     */
    @Test
    void labelsKeepTheSpatialCalibrationNotTheImagesValueFunction() {
        ImagePlus ct = ij.IJ.createImage("ct", "16-bit black", 2, 2, 1);
        Calibration cal = ct.getCalibration();
        cal.pixelWidth = 0.7;
        cal.setUnit("mm");
        cal.xOrigin = 3;
        cal.setFunction(Calibration.STRAIGHT_LINE, new double[] {-1024, 1}, "HU");
        ImagePlus labels = LabelImages.toImagePlus(ArrayImgs.ints(new int[] {0, 1, 2, 0}, 2, 2, 1, 1), 2, "l", cal);
        ImagePlus painted = RoiLabels.instances(ct, java.util.List.of(new ij.gui.Roi(0, 0, 1, 1)));
        for (ImagePlus imp : java.util.List.of(labels, painted)) {
            assertEquals(0.7, imp.getCalibration().pixelWidth);
            assertEquals(3, imp.getCalibration().xOrigin);
            assertEquals("mm", imp.getCalibration().getUnit());
            assertTrue(!imp.getCalibration().calibrated(), imp.getTitle() + ": no value function");
            assertEquals(1.0, imp.getCalibration().getCValue(1));
        }
        assertTrue(ct.getCalibration().calibrated(), "the image keeps its own");
    }

    @Test
    void thirtyTwoBitBeyond65535Labels() {
        var labels = ArrayImgs.ints(new int[] {0, 70000, 123456, 1}, 2, 2, 1, 1);
        ImagePlus imp = LabelImages.toImagePlus(labels, 123456, "many", null);
        assertEquals(32, imp.getBitDepth());
        assertEquals(123456f, imp.getProcessor().getf(0, 1));
    }

    @Test
    void zAndTBecomeSlicesAndFrames() {
        var labels = PlanarImgs.ints(3, 3, 2, 4);
        ImagePlus imp = LabelImages.toImagePlus(labels, 0, "hs", null);
        assertEquals(1, imp.getNChannels());
        assertEquals(2, imp.getNSlices());
        assertEquals(4, imp.getNFrames());
        assertTrue(imp.isHyperStack());
    }

    @Test
    void probabilitiesShareTheirArrays() {
        var probs = PlanarImgs.floats(4, 4, 3, 2, 1);
        ImagePlus imp = LabelImages.probabilities(probs, "p", null);
        assertEquals(3, imp.getNChannels());
        assertEquals(2, imp.getNSlices());
        assertTrue(imp.getStack().getPixels(1) == probs.getPlane(0).getCurrentStorageArray());
    }
}
