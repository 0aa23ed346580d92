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

    /**
     * A CT (16-bit with a Hounsfield function, stacked in descending position) saved as NIfTI keeps its values in HU
     * (as 32-bit) and a positive voxel depth; other tools would otherwise read the stored values.
     */
    @Test
    void savesACtInItsCalibratedValuesWithPositiveSpacing() throws IOException {
        ImagePlus ct = labelStack();
        ct.getStack().getProcessor(1).set(0, 0, 1000);
        ct.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] {-1024, 1}, "HU");
        ct.getCalibration().pixelDepth = -2;
        Path f = dir.resolve("ct.nii.gz");
        ImageFiles.saveNifti(ct, f, false);
        ImagePlus back = ImageFiles.open(f);
        assertEquals(32, back.getBitDepth());
        assertEquals(-24f, back.getStack().getProcessor(1).getf(0, 0), "1000 stored is -24 HU");
        assertEquals(-1022f, back.getStack().getProcessor(2).getf(2, 1), "2 stored is -1022 HU");
        assertEquals(2.0, back.getCalibration().pixelDepth);
        assertEquals(1000, ct.getStack().getProcessor(1).get(0, 0), "the image is only read");
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

    /** Slices written in reverse name order must come back ordered by position, calibrated from the tags. */
    @Test
    void opensADicomSeriesSortedByPositionWithItsSpacing() throws IOException {
        Path series = Files.createDirectories(dir.resolve("series"));
        for (int k = 0; k < 4; k++) {
            short[] px = new short[6 * 5];
            java.util.Arrays.fill(px, (short) (100 + k));
            DicomFixture.slice(series.resolve("IM" + (9 - k) + ".dcm"), k + 1, -20 + 2.5 * k,
                    new double[]{0.7, 0.7}, 6, 5, px);
        }
        ImagePlus imp = ImageFiles.open(series);
        assertEquals(4, imp.getStackSize());
        for (int k = 0; k < 4; k++) {
            assertEquals(100 + k, imp.getStack().getProcessor(k + 1).get(0, 0), "slice " + (k + 1));
        }
        assertEquals(0.7, imp.getCalibration().pixelWidth, 1e-9);
        assertEquals(2.5, imp.getCalibration().pixelDepth, 1e-9, "from the positions, not the thickness tag");
        assertEquals("mm", imp.getCalibration().getUnit());
    }

    /** One slice of another size: ImageJ would drop it and space the rest wrongly; the series fails naming it. */
    @Test
    void aDicomSeriesWithAnOddSizedSliceFailsNamingIt() throws IOException {
        Path series = Files.createDirectories(dir.resolve("odd"));
        for (int k = 0; k < 4; k++) {
            int w = k == 2 ? 8 : 6;
            DicomFixture.slice(series.resolve("IM" + k + ".dcm"), k + 1, 2.0 * k, new double[]{0.7, 0.7}, w, 5,
                    new short[w * 5]);
        }
        IOException e = assertThrows(IOException.class, () -> ImageFiles.open(series));
        assertTrue(e.getMessage().contains("3 of 4 files are 6x5 slices; IM2.dcm (8x5) cannot join them"),
                e.getMessage());
    }

    @Test
    void aDicomSeriesWithoutPixelSpacingIsMeasuredInPixelsWithANote() throws IOException {
        Path series = Files.createDirectories(dir.resolve("nospacing"));
        for (int k = 0; k < 2; k++) {
            DicomFixture.slice(series.resolve("s" + k + ".dcm"), k + 1, k, null, 4, 4, new short[16]);
        }
        ImagePlus imp = ImageFiles.open(series);
        assertEquals(2, imp.getStackSize());
        String note = Calibrations.note(imp);
        assertTrue(note != null && note.contains("no spatial calibration"), String.valueOf(note));
    }

    @Test
    void anEmptyFolderOrMissingFileSaysWhich() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        IOException e = assertThrows(IOException.class, () -> ImageFiles.open(empty));
        assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("no image files"), e.getMessage());
        e = assertThrows(IOException.class, () -> ImageFiles.open(dir.resolve("gone.tif")));
        assertTrue(e.getMessage().contains("gone.tif"), e.getMessage());
    }
}
