package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import io.pixelwise.io.Nifti;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that lie about themselves: cut off, or declaring far more pixels than they hold. */
class HostileFilesTest {

    @TempDir
    Path dir;

    @Test
    void aTiffCutOffByAThirdIsRefusedNotFilledWithZeros() throws IOException {
        for (boolean stack : new boolean[] {false, true}) {
            ImagePlus imp = stack ? new ImagePlus("s", stackOf(3)) : IJ.createImage("p", "16-bit ramp", 256, 256, 1);
            Path whole = dir.resolve("whole-" + stack + ".tif");
            new FileSaver(imp).saveAsTiff(whole.toString());
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = dir.resolve("cut-" + stack + ".tif");
            Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
            assertEquals(256, ImageFiles.open(whole).getWidth(), "the whole file opens");
            IOException e = assertThrows(IOException.class, () -> ImageFiles.open(cut));
            assertTrue(e.getMessage().contains("is truncated") && e.getMessage().contains(cut.getFileName().toString()),
                    e.getMessage());
            if (stack) {
                assertThrows(IOException.class, () -> ImageFiles.openPlaneByPlane(cut), "plane by plane too");
            }
        }
    }

    @Test
    void aTinyTiffDeclaring100000SquaredPixelsIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path f = dir.resolve("huge.tif");
        Files.write(f, tiffHeader(100_000, 100_000));
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> ImageFiles.open(f));
        // Refused for its size where the heap is smaller (as here), else for holding none of its pixels.
        assertTrue(e.getMessage().contains("declares 9.3 GiB of pixel data") && e.getMessage().contains("plane by plane")
                || e.getMessage().contains("is truncated"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused at once");
    }

    @Test
    void aSmallNiftiGzInflatingToGigabytesIsRefusedFromItsHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 348);
        h.putShort(40, (short) 3).putShort(42, (short) 30000).putShort(44, (short) 30000).putShort(46, (short) 3000);
        h.putShort(70, (short) 16).putShort(72, (short) 32);
        h.putFloat(108, 352);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        Path f = dir.resolve("bomb.nii.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(h.array());
            out.write(new byte[1 << 20]);              // the rest would be zeros, compressing to almost nothing
        }
        IOException e = assertThrows(IOException.class, () -> Nifti.read(f));
        assertTrue(e.getMessage().contains("bomb.nii.gz declares") && e.getMessage().contains("GiB of pixel data"),
                e.getMessage());
    }

    private static ImageStack stackOf(int n) {
        ImageStack s = new ImageStack(256, 256);
        for (int i = 0; i < n; i++) {
            s.addSlice(IJ.createImage("p", "8-bit ramp", 256, 256, 1).getProcessor());
        }
        return s;
    }

    /** A little-endian TIFF of one 8-bit strip that declares w x h pixels but holds none. */
    private static byte[] tiffHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 8);
        entry(b, 256, 4, w);
        entry(b, 257, 4, h);
        entry(b, 258, 3, 8);
        entry(b, 259, 3, 1);
        entry(b, 262, 3, 1);
        entry(b, 273, 4, 8 + 2 + 8 * 12 + 4);
        entry(b, 278, 4, h);
        entry(b, 279, 4, w * (long) h > Integer.MAX_VALUE ? Integer.MAX_VALUE : w * h);
        b.putInt(0);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, long value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt((int) value);
        }
    }
}
