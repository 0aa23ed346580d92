package io.pixelwise.zoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    /** A .npy file as numpy writes it (version 1.0, header padded with spaces to a multiple of 64, then '\n'). */
    private static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    @Test
    void writtenFilesFollowTheFormatAndReadBack(@TempDir Path dir) throws IOException {
        Npy.Array a = new Npy.Array(new long[] {1, 2, 3, 1}, new float[] {0, 1.5f, -2, 3, 4e6f, -0f});
        Path f = dir.resolve("t.npy");
        Npy.write(a, f);
        byte[] bytes = Files.readAllBytes(f);
        int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertEquals(0, (10 + headerLength) % 64, "data starts at a multiple of 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 1), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 6 * 4, bytes.length);
        Npy.Array back = Npy.read(f);
        assertArrayEquals(a.shape(), back.shape());
        assertArrayEquals(a.data(), back.data());
        assertTrue(new String(Npy.bytes(new Npy.Array(new long[] {3}, new float[3])), StandardCharsets.ISO_8859_1)
                .contains("'shape': (3,)"), "a 1-tuple keeps its comma, as Python writes it");
    }

    @Test
    void otherTypesOrdersAndByteOrdersAreRead() throws IOException {
        assertArrayEquals(new float[] {1, 255, 7}, Npy.read(npy("|u1", false, "3,", new byte[] {1, (byte) 255, 7}),
                "u1").data());
        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putShort((short) -2).putShort((short) 300)
                .putShort((short) 1).putShort((short) 0);
        assertArrayEquals(new float[] {-2, 300, 1, 0}, Npy.read(npy(">i2", false, "2, 2", be.array()), "be").data());
        ByteBuffer d = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {0, 1, 2, 3, 4, 5}) {
            d.putDouble(v);
        }
        // Fortran order, shape (2, 3): memory holds column by column: [0 2 4; 1 3 5]
        Npy.Array f = Npy.read(npy("<f8", true, "2, 3", d.array()), "f8");
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, f.data());
        ByteBuffer h = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00)
                .putShort((short) 0xc000).putShort((short) 0x3555);
        assertArrayEquals(new float[] {1, -2, 0.33325195f}, Npy.read(npy("<f2", false, "3,", h.array()), "f2").data());
        assertArrayEquals(new float[] {1, 0}, Npy.read(npy("|b1", false, "2,", new byte[] {1, 0}), "b1").data());
    }

    @Test
    void damagedFilesAreClearErrors() {
        byte[] good = npy("<f4", false, "4,", new byte[16]);
        var cut = assertThrows(IOException.class, () -> Npy.read(Arrays.copyOf(good, good.length - 3), "cut.npy"));
        assertTrue(cut.getMessage().contains("cut.npy") && cut.getMessage().contains("needs 16 bytes"),
                cut.getMessage());
        var magic = assertThrows(IOException.class, () -> Npy.read("not numpy at all".getBytes(), "x.npy"));
        assertTrue(magic.getMessage().contains("not a NumPy .npy file"), magic.getMessage());
        var type = assertThrows(IOException.class, () -> Npy.read(npy("<c8", false, "1,", new byte[8]), "c.npy"));
        assertTrue(type.getMessage().contains("'<c8'"), type.getMessage());
        var shape = assertThrows(IOException.class, () -> Npy.read(npy("<f4", false, "-1,", new byte[0]), "s.npy"));
        assertTrue(shape.getMessage().contains("'-1'"), shape.getMessage());
    }
}
