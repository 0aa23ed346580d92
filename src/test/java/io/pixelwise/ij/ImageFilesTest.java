package io.pixelwise.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import io.pixelwise.io.Nifti;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {

    @TempDir
    Path dir;

    private static ImagePlus labelStack() {
        ImageStack s = new ImageStack(3, 2);
        s.addSlice(null, new short[]{0, 1, 1, 0, 2, 2});
        s.addSlice(null, new short[]{0, 0, 1, 0, 0, 2});
        ImagePlus imp = new ImagePlus("scan-labels", s);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().setUnit("mm");
        return imp;
    }

    @Test
    void savesALabelStackAsNiftiWithItsCalibrationAndTheSourceOrientation() throws IOException {
        ImagePlus source = labelStack();
        Nifti.Orientation o = new Nifti.Orientation(1, 1, 1, new float[]{0, 0, 0, 1, 2, 3},
                new float[]{0.5f, 0, 0, 1, 0, 0.5f, 0, 2, 0, 0, 2, 3});
        source.setProp(ImageFiles.NIFTI_ORIENTATION, o.encode());
        ImagePlus labels = labelStack();
        ImageFiles.keepSpace(source, labels, null);
        Path f = dir.resolve("scan-labels.nii.gz");
        ImageFiles.saveNifti(labels, f, false);

        ImagePlus back = ImageFiles.open(f);
        assertEquals(2, back.getNSlices());
        assertEquals(16, back.getBitDepth());
        assertArrayEquals(new short[]{0, 0, 1, 0, 0, 2}, (short[]) back.getStack().getPixels(2));
        assertEquals(2.0, back.getCalibration().pixelDepth);
        assertEquals("mm", back.getCalibration().getUnit());
        assertEquals(o.encode(), back.getProp(ImageFiles.NIFTI_ORIENTATION));
    }

    @Test
    void keepsAnExistingFileAndRefusesRgb() throws IOException {
        Path f = dir.resolve("exists.nii");
        Files.writeString(f, "mine");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.saveNifti(labelStack(), f, false));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
        assertEquals("mine", Files.readString(f));
        ImagePlus rgb = new ImagePlus("photo", new ColorProcessor(4, 4));
        e = assertThrows(IOException.class, () -> ImageFiles.saveNifti(rgb, dir.resolve("rgb.nii"), false));
        assertTrue(e.getMessage().contains("RGB"), e.getMessage());
    }
}
