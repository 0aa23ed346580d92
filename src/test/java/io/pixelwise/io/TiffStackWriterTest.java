package io.pixelwise.io;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.measure.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TiffStackWriterTest {

    @TempDir
    Path dir;

    @Test
    void imageJReadsAStreamedHyperstackWithItsPixelsAndCalibration() throws IOException {
        Path file = dir.resolve("labels.tif");
        Calibration cal = new Calibration(0.5, 0.25, 2, "micron", 10, -4, 3);
        short[][] planes = new short[6][];
        try (TiffStackWriter w = new TiffStackWriter(file, 5, 3, TiffStackWriter.PixelType.UINT16, 3, 2, cal)) {
            for (int p = 0; p < 6; p++) {
                planes[p] = new short[15];
                for (int i = 0; i < 15; i++) {
                    planes[p][i] = (short) (p * 1000 + i * 3000);   // above 32767 too: unsigned
                }
                w.write(planes[p]);
            }
        }
        ImagePlus imp = IJ.openImage(file.toString());
        assertEquals(16, imp.getBitDepth());
        assertEquals(3, imp.getNSlices());
        assertEquals(2, imp.getNFrames());
        for (int p = 0; p < 6; p++) {
            assertArrayEquals(planes[p], (short[]) imp.getStack().getPixels(p + 1), "plane " + (p + 1));
        }
        assertEquals(0.5, imp.getCalibration().pixelWidth, 1e-9);
        assertEquals(0.25, imp.getCalibration().pixelHeight, 1e-9);
        assertEquals(2, imp.getCalibration().pixelDepth, 1e-9);
        assertEquals("micron", imp.getCalibration().getUnit());
        assertEquals(10, imp.getCalibration().xOrigin, 1e-9, "the origin kept, as in-memory results keep it");
        assertEquals(-4, imp.getCalibration().yOrigin, 1e-9);
        assertEquals(3, imp.getCalibration().zOrigin, 1e-9);
    }

    @Test
    void bytesAndFloatsRoundTripAndAnUncalibratedStackStaysInPixels() throws IOException {
        Path bytes = dir.resolve("classes.tif");
        try (TiffStackWriter w = new TiffStackWriter(bytes, 2, 2, TiffStackWriter.PixelType.UINT8, 2, 1,
                Calibration.PIXELS)) {
            w.write(new byte[] {0, 1, 2, (byte) 255});
            w.write(new byte[] {3, 4, 5, 6});
        }
        ImagePlus b = IJ.openImage(bytes.toString());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, (byte[]) b.getStack().getPixels(1));
        assertArrayEquals(new byte[] {3, 4, 5, 6}, (byte[]) b.getStack().getPixels(2));
        assertTrue(!b.getCalibration().scaled(), "no calibration written for a pixel-unit stack");

        Path floats = dir.resolve("instances.tif");
        try (TiffStackWriter w = new TiffStackWriter(floats, 2, 1, TiffStackWriter.PixelType.FLOAT32, 1, 1,
                Calibration.PIXELS)) {
            w.write(new float[] {0, 16_777_216f});
        }
        assertArrayEquals(new float[] {0, 16_777_216f}, (float[]) IJ.openImage(floats.toString()).getProcessor()
                .getPixels());
    }

    @Test
    void aStackClosedEarlyOrFedTheWrongPlaneSaysSo() throws IOException {
        Path file = dir.resolve("short.tif");
        TiffStackWriter w = new TiffStackWriter(file, 2, 2, TiffStackWriter.PixelType.UINT16, 3, 1,
                Calibration.PIXELS);
        var wrong = assertThrows(IllegalArgumentException.class, () -> w.write(new short[3]));
        assertTrue(wrong.getMessage().contains("short[4]"), wrong.getMessage());
        w.write(new short[4]);
        var early = assertThrows(IOException.class, w::close);
        assertTrue(early.getMessage().contains("1 of 3 planes"), early.getMessage());
    }

    @Test
    void refusesAStackBeyondFourGibibytesBeforeWritingAnything() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TiffStackWriter(dir.resolve("big.tif"),
                1 << 15, 1 << 15, TiffStackWriter.PixelType.FLOAT32, 2, 1, Calibration.PIXELS));
        assertTrue(e.getMessage().contains("4 GiB"), e.getMessage());
    }
}
