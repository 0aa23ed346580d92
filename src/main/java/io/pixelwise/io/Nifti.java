package io.pixelwise.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes NIfTI-1 volumes ({@code .nii}, {@code .nii.gz}, single file, either byte order when reading,
 * little-endian when writing). No maintained Java NIfTI library is on Maven Central, and the format is a 348-byte
 * header followed by raw voxels, so this is all of it.
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
     * @param spacing     voxel size along x, y, z in {@code unit}
     * @param orientation where the grid lies in scanner space, or null (written as "unknown")
     */
    public record Volume(int width, int height, int depth, int frames, double[] spacing, String unit,
                         PixelType type, Object[] planes, Orientation orientation) {
    }

    /**
     * The header's placement of the voxel grid in scanner space (qform: codes, qfac, quaternion b, c, d and offsets
     * x, y, z; sform: three rows of four). Kept from a volume read so that a label volume written for it overlays
     * it in other viewers (ITK-SNAP, 3D Slicer, FSLeyes).
     */
    public record Orientation(int qformCode, int sformCode, float qfac, float[] quatern, float[] srow) {

        /** As text, for an ImageJ image property: 2 codes, qfac, 6 quaternion values, 12 sform values. */
        public String encode() {
            StringBuilder b = new StringBuilder().append(qformCode).append(' ').append(sformCode).append(' ')
                    .append(qfac);
            for (float f : quatern) {
                b.append(' ').append(f);
            }
            for (float f : srow) {
                b.append(' ').append(f);
            }
            return b.toString();
        }

        /** The inverse of {@link #encode()}; null for null or malformed text. */
        public static Orientation decode(String text) {
            if (text == null) {
                return null;
            }
            String[] f = text.trim().split("\\s+");
            if (f.length != 21) {
                return null;
            }
            try {
                float[] q = new float[6];
                float[] s = new float[12];
                for (int i = 0; i < 6; i++) {
                    q[i] = Float.parseFloat(f[3 + i]);
                }
                for (int i = 0; i < 12; i++) {
                    s[i] = Float.parseFloat(f[9 + i]);
                }
                return new Orientation(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Float.parseFloat(f[2]), q, s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
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
            byte[] header = in.readNBytes(HEADER_SIZE);
            if (header.length == HEADER_SIZE) {
                // A small .nii.gz can inflate to gigabytes: check what the header declares before reading it.
                // Held three times at the peak: the stream's buffer, its copy, and the decoded planes.
                MemoryBudget.check(layout(headerBuffer(header, file.toString()), file.toString()).needed(), 3,
                        "NIfTI file " + file, "");
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(header);
            in.transferTo(all);
            bytes = all.toByteArray();
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new IOException("NIfTI file " + file + " is a damaged gzip stream: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        return file.getFileName().toString().toLowerCase().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** The header in its byte order: the one in which its size field reads 348. */
    private static ByteBuffer headerBuffer(byte[] bytes, String where) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != HEADER_SIZE) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != HEADER_SIZE) {
                String hint = h.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 540 ? " (NIfTI-2 is not supported)" : "";
                throw new IOException("Not a NIfTI-1 file: " + where + " (header size field is not 348)" + hint);
            }
        }
        return h;
    }

    /** Sizes a header declares: dimensions, voxel type, where the voxels start and where they end. */
    private record Layout(int[] dim, int datatype, int bytesPerVoxel, long offset, long needed) {
    }

    private static Layout layout(ByteBuffer h, String where) throws IOException {
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
        float voxOffset = h.getFloat(108);
        if (!(voxOffset >= 0 && voxOffset <= Integer.MAX_VALUE)) {
            throw new IOException("NIfTI header of " + where + ": vox_offset = " + voxOffset
                    + ", expected the byte where the voxels start (352 or more)");
        }
        long offset = Math.max(HEADER_SIZE, (long) voxOffset);
        long needed;
        try {
            needed = Math.addExact(offset, Math.multiplyExact((long) dim[0] * dim[1] * dim[2], (long) dim[3]
                    * bytesPerVoxel));
        } catch (ArithmeticException tooLarge) {
            throw new IOException("NIfTI header of " + where + ": " + dim[0] + "x" + dim[1] + "x" + dim[2] + "x" + dim[3]
                    + " voxels of " + bytesPerVoxel + " byte(s) is more than any file holds");
        }
        return new Layout(dim, datatype, bytesPerVoxel, offset, needed);
    }

    static Volume parse(byte[] bytes, String where) throws IOException {
        if (bytes.length < HEADER_SIZE) {
            throw new IOException("NIfTI file " + where + " is " + bytes.length
                    + " bytes long, shorter than the 348-byte NIfTI-1 header");
        }
        ByteBuffer h = headerBuffer(bytes, where);
        String magic = new String(bytes, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            throw new IOException("NIfTI file " + where + " has magic '" + magic.trim()
                    + "', expected 'n+1' (single-file NIfTI-1; .hdr/.img pairs are not supported)");
        }
        Layout layout = layout(h, where);
        int[] dim = layout.dim();
        int datatype = layout.datatype();
        int bytesPerVoxel = layout.bytesPerVoxel();
        long offset = layout.offset();
        long needed = layout.needed();
        double[] spacing = new double[3];
        for (int d = 0; d < 3; d++) {
            float p = h.getFloat(80 + 4 * d);
            spacing[d] = p > 0 && Float.isFinite(p) ? p : 1;
        }
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
        float[] quatern = new float[6];
        float[] srow = new float[12];
        for (int i = 0; i < 6; i++) {
            quatern[i] = h.getFloat(256 + 4 * i);
        }
        for (int i = 0; i < 12; i++) {
            srow[i] = h.getFloat(280 + 4 * i);
        }
        Orientation orientation = new Orientation(h.getShort(252), h.getShort(254), h.getFloat(76), quatern, srow);
        h.position((int) offset);
        return decode(h, datatype, scaled, slope, inter, dim, spacing, unit, orientation);
    }

    /**
     * Writes a volume as NIfTI-1 ({@code .nii.gz} compressed, {@code .nii} plain), little-endian, uint8 / uint16 /
     * float32 as its type says, with voxel size, unit and orientation. Replaces an existing file: callers decide
     * whether that is allowed.
     */
    public static void write(Volume v, Path file) throws IOException {
        if (!isNifti(file)) {
            throw new IOException("NIfTI file names end in .nii or .nii.gz: " + file);
        }
        if (Math.max(Math.max(v.width(), v.height()), Math.max(v.depth(), v.frames())) > Short.MAX_VALUE) {
            throw new IOException("cannot write " + file + ": NIfTI-1 sizes end at " + Short.MAX_VALUE + " voxels per axis");
        }
        int bytesPerVoxel = switch (v.type()) {
            case UINT8 -> 1;
            case UINT16 -> 2;
            case FLOAT32 -> 4;
        };
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_SIZE);
        short[] dim = {(short) (v.frames() > 1 ? 4 : 3), (short) v.width(), (short) v.height(), (short) v.depth(),
                (short) v.frames(), 1, 1, 1};
        for (int d = 0; d < 8; d++) {
            h.putShort(40 + 2 * d, dim[d]);
        }
        h.putShort(70, (short) switch (v.type()) {
            case UINT8 -> 2;
            case UINT16 -> 512;
            case FLOAT32 -> 16;
        });
        h.putShort(72, (short) (8 * bytesPerVoxel));
        Orientation o = v.orientation();
        h.putFloat(76, o == null || o.qfac() == 0 ? 1 : o.qfac());
        for (int d = 0; d < 3; d++) {
            h.putFloat(80 + 4 * d, (float) v.spacing()[d]);
        }
        h.putFloat(92, 1);
        h.putFloat(108, HEADER_SIZE + 4);
        h.putFloat(112, 1);
        h.put(123, (byte) switch (v.unit()) {
            case "m", "meter" -> 1;
            case "mm" -> 2;
            case "µm", "um", "micron" -> 3;
            default -> 0;
        });
        if (o != null) {
            h.putShort(252, (short) o.qformCode());
            h.putShort(254, (short) o.sformCode());
            for (int i = 0; i < 6; i++) {
                h.putFloat(256 + 4 * i, o.quatern()[i]);
            }
            for (int i = 0; i < 12; i++) {
                h.putFloat(280 + 4 * i, o.srow()[i]);
            }
        }
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        AtomicFiles.write(file, temp -> writeVoxels(v, h, bytesPerVoxel, temp));
    }

    private static void writeVoxels(Volume v, ByteBuffer h, int bytesPerVoxel, Path temp) throws IOException {
        try (OutputStream out = create(temp)) {
            out.write(h.array());
            ByteBuffer plane = ByteBuffer.allocate(v.width() * v.height() * bytesPerVoxel).order(ByteOrder.LITTLE_ENDIAN);
            for (Object p : v.planes()) {
                plane.clear();
                switch (v.type()) {
                    case UINT8 -> plane.put((byte[]) p);
                    case UINT16 -> plane.asShortBuffer().put((short[]) p);
                    case FLOAT32 -> plane.asFloatBuffer().put((float[]) p);
                }
                out.write(plane.array());
            }
        }
    }

    private static OutputStream create(Path file) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return file.getFileName().toString().toLowerCase().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
    }

    /** Reads the voxels plane by plane into the narrowest ImageJ type that holds them exactly. */
    private static Volume decode(ByteBuffer h, int datatype, boolean scaled, float slope, float inter, int[] dim,
                                 double[] spacing, String unit, Orientation orientation) {
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
        return new Volume(dim[0], dim[1], dim[2], dim[3], spacing, unit, type, planes, orientation);
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
