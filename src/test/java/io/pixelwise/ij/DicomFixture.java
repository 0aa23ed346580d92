package io.pixelwise.ij;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes minimal DICOM Part 10 MR slices (explicit VR little endian, 16-bit unsigned, one frame) laid out from the
 * standard (PS3.5 data elements, PS3.10 file meta), so tests can build series without shipping patient data.
 */
public final class DicomFixture {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private DicomFixture() {
    }

    /**
     * @param spacing   pixel spacing in mm (row, column), or null for none
     * @param positionZ z of Image Position (Patient), in mm
     */
    public static void slice(Path file, int instance, double positionZ, double[] spacing, int width, int height,
                      short[] pixels) throws IOException {
        DicomFixture meta = new DicomFixture();
        meta.element(0x0002, 0x0001, "OB", new byte[]{0, 1});
        meta.string(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.4");
        meta.string(0x0002, 0x0003, "UI", "1.2.3.4." + instance);
        meta.string(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        DicomFixture d = new DicomFixture();
        d.string(0x0008, 0x0060, "CS", "MR");
        d.string(0x0018, 0x0050, "DS", "2");
        d.string(0x0020, 0x0011, "IS", "1");
        d.string(0x0020, 0x0013, "IS", String.valueOf(instance));
        d.string(0x0020, 0x0032, "DS", "0\\0\\" + positionZ);
        d.string(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
        d.ushort(0x0028, 0x0002, 1);
        d.string(0x0028, 0x0004, "CS", "MONOCHROME2");
        d.ushort(0x0028, 0x0010, height);
        d.ushort(0x0028, 0x0011, width);
        if (spacing != null) {
            d.string(0x0028, 0x0030, "DS", spacing[0] + "\\" + spacing[1]);
        }
        d.ushort(0x0028, 0x0100, 16);
        d.ushort(0x0028, 0x0101, 16);
        d.ushort(0x0028, 0x0102, 15);
        d.ushort(0x0028, 0x0103, 0);
        ByteBuffer px = ByteBuffer.allocate(2 * pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        px.asShortBuffer().put(pixels);
        d.element(0x7FE0, 0x0010, "OW", px.array());

        ByteArrayOutputStream file0 = new ByteArrayOutputStream();
        file0.write(new byte[128]);
        file0.write("DICM".getBytes(StandardCharsets.US_ASCII));
        DicomFixture length = new DicomFixture();
        length.element(0x0002, 0x0000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(meta.out.size()).array());
        file0.write(length.out.toByteArray());
        file0.write(meta.out.toByteArray());
        file0.write(d.out.toByteArray());
        Files.write(file, file0.toByteArray());
    }

    private void string(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            byte[] padded = java.util.Arrays.copyOf(v, v.length + 1);
            padded[v.length] = (byte) (vr.equals("UI") ? 0 : ' ');
            v = padded;
        }
        element(group, element, vr, v);
    }

    private void ushort(int group, int element, int value) {
        element(group, element, "US", new byte[]{(byte) value, (byte) (value >> 8)});
    }

    private void element(int group, int element, String vr, byte[] value) {
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB") || vr.equals("OW")) {
            h.putShort((short) 0).putInt(value.length);
        } else {
            h.putShort((short) value.length);
        }
        out.write(h.array(), 0, h.position());
        out.write(value, 0, value.length);
    }
}
