package io.pixelwise.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NiftiTest {

    @TempDir
    Path dir;

    /** A NIfTI-1 header laid out by hand from the standard (offsets in nifti1.h), then the voxel bytes. */
    private static ByteBuffer file(ByteOrder order, int[] dims, int datatype, int bytesPerVoxel, float[] spacing,
                                  int units, float slope, float inter) {
        int voxels = 1;
        for (int d : dims) {
            voxels *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(352 + voxels * bytesPerVoxel).order(order);
        b.putInt(0, 348);
        b.putShort(40, (short) dims.length);
        for (int d = 0; d < dims.length; d++) {
            b.putShort(42 + 2 * d, (short) dims[d]);
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) (8 * bytesPerVoxel));
        for (int d = 0; d < spacing.length; d++) {
            b.putFloat(80 + 4 * d, spacing[d]);
        }
        b.putFloat(108, 352);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        b.put(123, (byte) units);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        b.position(352);
        return b;
    }

    private Path write(String name, ByteBuffer b) throws IOException {
        Path f = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
                out.write(b.array());
            }
        } else {
            Files.write(f, b.array());
        }
        return f;
    }

    @Test
    void littleEndianUint8VolumeWithSpacingAndUnit() throws IOException {
        ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 2}, 2, 1, new float[] {0.5f, 0.25f, 2f}, 2, 0, 0);
        for (int i = 0; i < 12; i++) {
            b.put((byte) (i * 20));
        }
        Nifti.Volume v = Nifti.read(write("a.nii", b));
        assertEquals(3, v.width());
        assertEquals(2, v.height());
        assertEquals(2, v.depth());
        assertEquals(1, v.frames());
        assertArrayEquals(new double[] {0.5, 0.25, 2}, v.spacing());
        assertEquals("mm", v.unit());
        assertEquals(Nifti.PixelType.UINT8, v.type());
        assertArrayEquals(new byte[] {(byte) 120, (byte) 140, (byte) 160, (byte) 180, (byte) 200, (byte) 220},
                (byte[]) v.planes()[1], "plane 2 holds voxels 6..11, x fastest");
    }

    @Test
    void bigEndianInt16KeepsSixteenBitsUnlessNegative() throws IOException {
        ByteBuffer pos = file(ByteOrder.BIG_ENDIAN, new int[] {2, 1, 1}, 4, 2, new float[] {1, 1, 1}, 3, 0, 0);
        pos.putShort((short) 7).putShort((short) 30000);
        Nifti.Volume p = Nifti.read(write("pos.nii", pos));
        assertEquals(Nifti.PixelType.UINT16, p.type());
        assertArrayEquals(new short[] {7, 30000}, (short[]) p.planes()[0]);
        assertEquals("µm", p.unit());

        ByteBuffer neg = file(ByteOrder.BIG_ENDIAN, new int[] {2, 1, 1}, 4, 2, new float[] {1, 1, 1}, 2, 0, 0);
        neg.putShort((short) -1024).putShort((short) 5);
        Nifti.Volume n = Nifti.read(write("neg.nii", neg));
        assertEquals(Nifti.PixelType.FLOAT32, n.type(), "ImageJ's 16-bit is unsigned, so CT values go to float");
        assertArrayEquals(new float[] {-1024, 5}, (float[]) n.planes()[0]);
    }

    @Test
    void gzippedFloatVolumeOverTimeWithScaling() throws IOException {
        ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, new int[] {1, 1, 2, 2}, 16, 4, new float[] {1, 1, 3}, 2, 2f, 10f);
        b.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        Nifti.Volume v = Nifti.read(write("t.nii.gz", b));
        assertEquals(2, v.depth());
        assertEquals(2, v.frames());
        assertEquals(4, v.planes().length);
        assertEquals(18f, ((float[]) v.planes()[3])[0], "value * scl_slope + scl_inter");
        assertEquals(3, v.spacing()[2]);
    }

    @Test
    void badFilesSayWhatIsWrong() throws IOException {
        assertMessage(write("short.nii", ByteBuffer.allocate(100)), "shorter than the 348-byte NIfTI-1 header");
        assertMessage(write("junk.nii", ByteBuffer.allocate(400)), "Not a NIfTI-1 file");
        ByteBuffer two = ByteBuffer.allocate(600).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 540);
        assertMessage(write("two.nii", two), "NIfTI-2 is not supported");

        ByteBuffer pair = file(ByteOrder.LITTLE_ENDIAN, new int[] {1, 1, 1}, 2, 1, new float[] {1, 1, 1}, 2, 0, 0);
        pair.put(345, (byte) 'i');
        assertMessage(write("pair.nii", pair), "has magic 'ni1'");

        ByteBuffer full = file(ByteOrder.LITTLE_ENDIAN, new int[] {4, 4, 4}, 16, 4, new float[] {1, 1, 1}, 2, 0, 0);
        byte[] cut = java.util.Arrays.copyOf(full.array(), 352 + 100);
        assertMessage(write("cut.nii", ByteBuffer.wrap(cut)), "is truncated");

        ByteBuffer complex = file(ByteOrder.LITTLE_ENDIAN, new int[] {1, 1, 1}, 32, 8, new float[] {1, 1, 1}, 2, 0, 0);
        assertMessage(write("complex.nii", complex), "datatype code 32");

        Path gz = write("broken.nii.gz", full);
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertMessage(gz, "damaged gzip stream");
        assertMessage(dir.resolve("missing.nii"), "not found");
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> Nifti.read(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
    }

    /** Numbers computed independently with numpy from the raw gzip bytes of the shared data. */
    @Test
    void readsTheMsdHippocampusVolumes() throws IOException {
        Path root = Path.of("../shared/data/msd_hippocampus_mri");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not present: " + root.toAbsolutePath());
        Nifti.Volume label = Nifti.read(root.resolve("labelsTr/hippocampus_001.nii.gz"));
        assertEquals(35, label.width());
        assertEquals(51, label.height());
        assertEquals(35, label.depth());
        long[] counts = new long[3];
        for (Object plane : label.planes()) {
            for (byte v : (byte[]) plane) {
                counts[v]++;
            }
        }
        assertEquals(1324, counts[1]);
        assertEquals(1624, counts[2]);
        Nifti.Volume image = Nifti.read(root.resolve("imagesTr/hippocampus_003.nii.gz"));
        assertEquals(Nifti.PixelType.FLOAT32, image.type());
        assertEquals(619.73291015625, ((float[]) image.planes()[10])[20 * 34 + 15], 1e-4, "voxel x=15, y=20, z=10");
    }

    @Test
    void writesAHeaderLaidOutAsTheStandardSays() throws IOException {
        byte[] plane0 = {0, 1, 2, 3, 4, 5};
        byte[] plane1 = {6, 7, 8, 9, 10, 11};
        Nifti.Orientation o = new Nifti.Orientation(1, 2, -1, new float[]{0, 0, 1, -10, 20, 30},
                new float[]{-2, 0, 0, 5, 0, 2, 0, 6, 0, 0, 3, 7});
        Path f = dir.resolve("labels.nii");
        Nifti.write(new Nifti.Volume(3, 2, 2, 1, new double[]{2, 2, 3}, "mm", Nifti.PixelType.UINT8,
                new Object[]{plane0, plane1}, o), f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(352 + 12, b.capacity());
        assertEquals(348, b.getInt(0));
        assertEquals(3, b.getShort(40));
        assertEquals(3, b.getShort(42));
        assertEquals(2, b.getShort(44));
        assertEquals(2, b.getShort(46));
        assertEquals(2, b.getShort(70), "uint8");
        assertEquals(8, b.getShort(72));
        assertEquals(-1f, b.getFloat(76), "qfac");
        assertEquals(3f, b.getFloat(88), "voxel depth");
        assertEquals(352f, b.getFloat(108), "vox_offset");
        assertEquals(2, b.get(123), "mm");
        assertEquals(1, b.getShort(252));
        assertEquals(2, b.getShort(254));
        assertEquals(-10f, b.getFloat(268), "qoffset_x");
        assertEquals(7f, b.getFloat(324), "srow_z[3]");
        assertEquals("n+1", new String(Files.readAllBytes(f), 344, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, b.get(352));
        assertEquals(11, b.get(363), "planes in order, x fastest");
    }

    @Test
    void whatIsWrittenReadsBackForEveryType() throws IOException {
        Object[][] planes = {
                {new byte[]{0, (byte) 255, 3, 4}},
                {new short[]{0, (short) 65535, 300, 4}, new short[]{1, 2, 3, 4}},
                {new float[]{-1.5f, 0, 2.25f, 1e6f}}};
        Nifti.PixelType[] types = Nifti.PixelType.values();
        for (int t = 0; t < types.length; t++) {
            Path f = dir.resolve("v" + t + ".nii.gz");
            Nifti.write(new Nifti.Volume(2, 2, planes[t].length, 1, new double[]{0.5, 0.75, 1.5}, "µm", types[t],
                    planes[t], null), f);
            Nifti.Volume back = Nifti.read(f);
            assertEquals(types[t], back.type());
            assertEquals(planes[t].length, back.depth());
            assertArrayEquals(new double[]{0.5, 0.75, 1.5}, back.spacing());
            assertEquals("µm", back.unit());
            for (int z = 0; z < planes[t].length; z++) {
                switch (types[t]) {
                    case UINT8 -> assertArrayEquals((byte[]) planes[t][z], (byte[]) back.planes()[z]);
                    case UINT16 -> assertArrayEquals((short[]) planes[t][z], (short[]) back.planes()[z]);
                    case FLOAT32 -> assertArrayEquals((float[]) planes[t][z], (float[]) back.planes()[z]);
                }
            }
        }
    }

    /** A label volume written for a scan keeps the scan's grid: size, spacing and orientation. */
    @Test
    void aRealLabelVolumeRoundTripsWithItsOrientation() throws IOException {
        Path src = Path.of("../shared/data/msd_hippocampus_mri/labelsTr/hippocampus_001.nii.gz");
        Assumptions.assumeTrue(Files.exists(src), "shared data not present: " + src.toAbsolutePath());
        Nifti.Volume v = Nifti.read(src);
        Path f = dir.resolve("copy.nii.gz");
        Nifti.write(v, f);
        Nifti.Volume back = Nifti.read(f);
        assertEquals(v.orientation().encode(), back.orientation().encode());
        assertEquals(v.orientation().encode(), Nifti.Orientation.decode(v.orientation().encode()).encode());
        assertArrayEquals(v.spacing(), back.spacing());
        for (int z = 0; z < v.depth(); z++) {
            assertArrayEquals((byte[]) v.planes()[z], (byte[]) back.planes()[z]);
        }
    }
}
