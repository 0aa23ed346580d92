package io.pixelwise.zoo;

import io.pixelwise.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0 to 3.0), as the BioImage Model Zoo stores test tensors: a magic string,
 * a Python-dict header ({@code descr}, {@code fortran_order}, {@code shape}) padded so the data starts at a multiple
 * of 64 bytes, then the values. Reads any numeric dtype of either byte order and either memory order into float32 in
 * C order; writes float32, little-endian, C order, version 1.0.
 */
public final class Npy {

    /** A tensor: its shape (outermost axis first) and its values in C order (last axis fastest). */
    public record Array(long[] shape, float[] data) {
        public Array {
            // an empty axis makes the tensor empty whatever the others say (found by fuzzing: 0 x 2^62 overflowed)
            long values = Arrays.stream(shape).anyMatch(d -> d == 0) ? 0
                    : Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (values != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                        + data.length + " values");
            }
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Item sizes have at most two digits (16 is the largest numpy has); longer ones are refused as unknown. */
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d{1,2})'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Array read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /** @param where the file's name, for messages */
    public static Array read(byte[] bytes, String where) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(where + " is not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : major <= 3 && bytes.length >= 12
                ? b.getInt(8) : -1;
        int start = major == 1 ? 10 : 12;
        if (headerLength < 0 || (long) start + headerLength > bytes.length) {
            throw new IOException(where + ": unsupported .npy version " + major + " or header cut short");
        }
        String header = new String(bytes, start, headerLength, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IOException(where + ": .npy header lacks descr, fortran_order or shape: " + header.strip());
        }
        long[] shape = shape(shapeText.group(1), where);
        char kind = descr.group(2).charAt(0);
        int size = Integer.parseInt(descr.group(3));
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!dtypeKnown(kind, size)) {
            throw new IOException(where + ": .npy dtype '" + descr.group(1) + kind + size + "' is not a number type "
                    + "Pixelwise reads (float 2/4/8, int or uint 1/2/4/8, bool)");
        }
        long count = 1;
        for (long d : shape) {
            count = d == 0 ? 0 : count > Integer.MAX_VALUE / d + 1 ? Long.MAX_VALUE : count * d;
        }
        int dataStart = start + headerLength;
        if (count > Integer.MAX_VALUE || count * size > bytes.length - dataStart) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " of " + kind + size + " needs "
                    + count * size + " bytes of data, the file has " + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(data, i * size, kind, size);
        }
        return new Array(shape, fortran.group(1).equals("True") ? fortranToC(values, shape) : values);
    }

    private static long[] shape(String text, String where) throws IOException {
        String[] parts = Arrays.stream(text.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 0) {
                throw new IOException(where + ": .npy shape entry '" + parts[i] + "' is not a size");
            }
        }
        return shape;
    }

    private static boolean dtypeKnown(char kind, int size) {
        return switch (kind) {
            case 'f' -> size == 2 || size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
    }

    private static float value(ByteBuffer b, int at, char kind, int size) {
        return switch (kind) {
            case 'f' -> size == 2 ? half(b.getShort(at)) : size == 4 ? b.getFloat(at)
                    : (float) b.getDouble(at);
            case 'i' -> switch (size) {
                case 1 -> b.get(at);
                case 2 -> b.getShort(at);
                case 4 -> b.getInt(at);
                default -> b.getLong(at);
            };
            case 'u' -> switch (size) {
                case 1 -> Byte.toUnsignedInt(b.get(at));
                case 2 -> Short.toUnsignedInt(b.getShort(at));
                case 4 -> Integer.toUnsignedLong(b.getInt(at));
                default -> unsignedLong(b.getLong(at));
            };
            default -> b.get(at) != 0 ? 1 : 0;
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float half(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    private static float unsignedLong(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }

    /** Values stored first axis fastest, reordered last axis fastest. */
    private static float[] fortranToC(float[] f, long[] shape) {
        float[] c = new float[f.length];
        int n = shape.length;
        int[] index = new int[n];
        for (int i = 0; i < c.length; i++) {
            // i runs over C order; find its Fortran offset
            long fortranOffset = 0;
            long stride = 1;
            for (int k = 0; k < n; k++) {
                fortranOffset += index[k] * stride;
                stride *= shape[k];
            }
            c[i] = f[(int) fortranOffset];
            for (int k = n - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        return c;
    }

    /** Writes float32, little-endian, C order (version 1.0), atomically. */
    public static void write(Array a, Path file) throws IOException {
        AtomicFiles.write(file, temp -> Files.write(temp, bytes(a)));
    }

    static byte[] bytes(Array a) {
        StringBuilder shape = new StringBuilder();
        for (long d : a.shape()) {
            shape.append(d).append(", ");
        }
        String dims = a.shape().length == 1 ? shape.toString().strip() : shape.toString().replaceAll(", $", "");
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", dims);
        // magic (6) + version (2) + header length (2) + dict + spaces + '\n', a multiple of 64
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(padded + 4 * a.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : a.data()) {
            b.putFloat(v);
        }
        return b.array();
    }
}
