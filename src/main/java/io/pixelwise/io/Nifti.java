package io.pixelwise.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads NIfTI-1 volumes ({@code .nii}, {@code .nii.gz}, single file, either byte order). No maintained Java NIfTI
 * library is on Maven Central, and the format is a 348-byte header followed by raw voxels, so this is all of it.
 * <p>
 * Voxel (i, j, k, t) becomes pixel x = i, y = j of plane k + nz * t, in storage order: no reorientation, so what a
 * model was trained on is what it sees again. Voxel values keep their type where ImageJ has one (uint8 as 8-bit,
 * uint16 and non-negative int16 as 16-bit) and become float otherwise or when the header scales them.
 */
public final class Nifti {

    private static final int HEADER_SIZE = 348;

    /** What the voxels are stored as in {@link Volume#planes()}. */
    public enum PixelType { UINT8, UINT16, FLOAT32 }

    /**
     * A volume of {@code width x height x depth x frames} voxels, one array per plane (byte[], short[] or
     * float[], as {@code type} says), planes ordered z fastest, then t.
     *
     * @param spacing voxel size along x, y, z in {@code unit}
     */
    public record Volume(int width, int height, int depth, int frames, double[] spacing, String unit,
                         PixelType type, Object[] planes) {
    }

    private Nifti() {
    }

    public static boolean isNifti(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    public static Volume read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("NIfTI file not found: " + file);
        }
        byte[] bytes;
        try (InputStream in = open(file)) {
            bytes = readAll(in);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new IOException("NIfTI file " + file + " is a damaged gzip stream: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        return file.getFileName().toString().toLowerCase().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static Volume parse(byte[] bytes, String where) throws IOException {
        if (bytes.length < HEADER_SIZE) {
            throw new IOException("NIfTI file " + where + " is " + bytes.length
                    + " bytes long, shorter than the 348-byte NIfTI-1 header");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != HEADER_SIZE) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != HEADER_SIZE) {
                String hint = h.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 540 ? " (NIfTI-2 is not supported)" : "";
                throw new IOException("Not a NIfTI-1 file: " + where + " (header size field is not 348)" + hint);
            }
        }
        String magic = new String(bytes, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            throw new IOException("NIfTI file " + where + " has magic '" + magic.trim()
                    + "', expected 'n+1' (single-file NIfTI-1; .hdr/.img pairs are not supported)");
        }
        int rank = h.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new IOException("NIfTI header of " + where + ": dim[0] = " + rank + ", expected 1 to 7");
        }
        int[] dim = new int[4];
        for (int d = 0; d < 4; d++) {
            dim[d] = d < rank ? h.getShort(42 + 2 * d) : 1;
            if (dim[d] < 1) {
                throw new IOException("NIfTI header of " + where + ": dim[" + (d + 1) + "] = " + dim[d]
                        + ", expected a positive size");
            }
        }
        for (int d = 4; d < rank; d++) {
            if (h.getShort(42 + 2 * d) > 1) {
                throw new IOException("NIfTI file " + where + " has " + rank
                        + " dimensions; only x, y, z and time are supported");
            }
        }
        int datatype = h.getShort(70);
        int bytesPerVoxel = switch (datatype) {
            case 2, 256 -> 1;                   // uint8, int8
            case 4, 512 -> 2;                   // int16, uint16
            case 8, 16, 768 -> 4;               // int32, float32, uint32
            case 64 -> 8;                       // float64
            default -> throw new IOException("NIfTI file " + where + " has datatype code " + datatype
                    + ", which is not supported (expected an integer or real scalar type)");
        };
        double[] spacing = new double[3];
        for (int d = 0; d < 3; d++) {
            float p = h.getFloat(80 + 4 * d);
            spacing[d] = p > 0 && Float.isFinite(p) ? p : 1;
        }
        long offset = (long) h.getFloat(108);
        if (offset < HEADER_SIZE) {
            offset = HEADER_SIZE;
        }
        long voxels = (long) dim[0] * dim[1] * dim[2] * dim[3];
        long needed = offset + voxels * bytesPerVoxel;
        if (bytes.length < needed) {
            throw new IOException("NIfTI file " + where + " is truncated: the header announces " + dim[0] + "x"
                    + dim[1] + "x" + dim[2] + "x" + dim[3] + " voxels of " + bytesPerVoxel + " byte(s) from offset "
                    + offset + " (" + needed + " bytes), but the file holds " + bytes.length);
        }
        float slope = h.getFloat(112);
        float inter = h.getFloat(116);
        boolean scaled = slope != 0 && Float.isFinite(slope) && Float.isFinite(inter) && (slope != 1 || inter != 0);
        String unit = switch (bytes[123] & 0x07) {
            case 1 -> "m";
            case 2 -> "mm";
            case 3 -> "µm";
            default -> "pixel";
        };
        h.position((int) offset);
        return decode(h, datatype, scaled, slope, inter, dim, spacing, unit);
    }

    /** Reads the voxels plane by plane into the narrowest ImageJ type that holds them exactly. */
    private static Volume decode(ByteBuffer h, int datatype, boolean scaled, float slope, float inter, int[] dim,
                                 double[] spacing, String unit) {
        int planeSize = dim[0] * dim[1];
        int nPlanes = dim[2] * dim[3];
        Object[] planes = new Object[nPlanes];
        PixelType type;
        if (datatype == 2 && !scaled) {
            type = PixelType.UINT8;
            for (int p = 0; p < nPlanes; p++) {
                byte[] a = new byte[planeSize];
                h.get(a);
                planes[p] = a;
            }
        } else if ((datatype == 512 || datatype == 4 && nonNegativeShorts(h, planeSize * nPlanes)) && !scaled) {
            type = PixelType.UINT16;
            for (int p = 0; p < nPlanes; p++) {
                short[] a = new short[planeSize];
                h.asShortBuffer().get(a);
                h.position(h.position() + 2 * planeSize);
                planes[p] = a;
            }
        } else {
            type = PixelType.FLOAT32;
            for (int p = 0; p < nPlanes; p++) {
                float[] a = new float[planeSize];
                for (int i = 0; i < planeSize; i++) {
                    double v = switch (datatype) {
                        case 2 -> h.get() & 0xff;
                        case 256 -> h.get();
                        case 4 -> h.getShort();
                        case 512 -> h.getShort() & 0xffff;
                        case 8 -> h.getInt();
                        case 768 -> h.getInt() & 0xffffffffL;
                        case 16 -> h.getFloat();
                        default -> h.getDouble();
                    };
                    a[i] = (float) (scaled ? v * slope + inter : v);
                }
                planes[p] = a;
            }
        }
        return new Volume(dim[0], dim[1], dim[2], dim[3], spacing, unit, type, planes);
    }

    /** Whether the int16 voxels from the buffer's position on are all >= 0, so 16-bit unsigned holds them. */
    private static boolean nonNegativeShorts(ByteBuffer h, int count) {
        int start = h.position();
        for (int i = 0; i < count; i++) {
            if (h.getShort(start + 2 * i) < 0) {
                return false;
            }
        }
        return true;
    }
}
