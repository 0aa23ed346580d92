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
