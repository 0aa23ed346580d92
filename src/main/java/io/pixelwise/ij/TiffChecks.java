package io.pixelwise.ij;

import ij.io.FileInfo;
import ij.io.TiffDecoder;
import io.pixelwise.io.MemoryBudget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a TIFF's directories promise, checked before ImageJ reads it: ImageJ fills the missing part of a cut-off
 * file with zeros (a third of a nuclei image gone: 6 nuclei found instead of 22, exit 0), and allocates whatever a
 * header declares (a 1 KB file claiming 100000 x 100000 pixels runs away). Both become clear errors here.
 */
final class TiffChecks {

    private TiffChecks() {
    }

    /** Bytes per value of each TIFF field type (1 BYTE ... 12 DOUBLE, 16-18 BigTIFF's 8-byte types). */
    private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};
    /** More directories than this is a loop or damage, not an image. */
    private static final int MAX_DIRECTORIES = 1_000_000;

    /**
     * Walks the directory chain of a classic TIFF and checks that every directory and every field's values lie
     * inside the file. ImageJ's decoder trusts them: a 126-byte file whose field claims 17 million values kept it
     * reading for 100 seconds (found by fuzzing). A header version other than 42 (BigTIFF included, which ImageJ 1.x
     * does not read) is refused; files without a TIFF byte-order mark are left to ImageJ's openers.
     */
    private static void checkDirectories(Path file) throws IOException {
        byte[] head = new byte[8];
        long length = Files.size(file);
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer h = ByteBuffer.wrap(head);
            if (length < 8 || ch.read(h, 0) < 8) {
                return;
            }
            ByteOrder order = head[0] == 'I' && head[1] == 'I' ? ByteOrder.LITTLE_ENDIAN
                    : head[0] == 'M' && head[1] == 'M' ? ByteOrder.BIG_ENDIAN : null;
            if (order == null) {
                return;
            }
            int version = ByteBuffer.wrap(head).order(order).getShort(2);
            if (version != 42) {
                // ImageJ's decoder does not check the version and trusts what follows (a fuzzed file ran it out of
                // memory); BigTIFF (43) it cannot read.
                throw damaged(file, version == 43 ? "it is a BigTIFF, which ImageJ 1.x does not read"
                        : "its header has version " + version + " where a TIFF has 42");
            }
            long ifd = ByteBuffer.wrap(head).order(order).getInt(4) & 0xFFFF_FFFFL;
            Set<Long> seen = new HashSet<>();
            while (ifd != 0) {
                if (!seen.add(ifd) || seen.size() > MAX_DIRECTORIES) {
                    throw damaged(file, "its directories form a loop");
                }
                if (ifd + 2 > length) {
                    throw truncated(file, "a directory starts at byte " + ifd, length);
                }
                ByteBuffer n = ByteBuffer.allocate(2).order(order);
                ch.read(n, ifd);
                int entries = n.getShort(0) & 0xFFFF;
                long size = 2 + 12L * entries + 4;
                if (ifd + size > length) {
                    throw truncated(file, "a directory of " + entries + " fields ends at byte " + (ifd + size), length);
                }
                ByteBuffer d = ByteBuffer.allocate((int) size).order(order);
                ch.read(d, ifd);
                for (int e = 0; e < entries; e++) {
                    int at = 2 + 12 * e;
                    int type = d.getShort(at + 2) & 0xFFFF;
                    long count = d.getInt(at + 4) & 0xFFFF_FFFFL;
                    long bytes = count * (type < TYPE_SIZE.length ? Math.max(1, TYPE_SIZE[type]) : 1);
                    long offset = d.getInt(at + 8) & 0xFFFF_FFFFL;
                    if (bytes > 4 && offset + bytes > length) {
                        throw damaged(file, "field " + (d.getShort(at) & 0xFFFF) + " claims " + count
                                + " values past its end");
                    }
                }
                ifd = d.getInt((int) size - 4) & 0xFFFF_FFFFL;
            }
        }
    }

    private static IOException truncated(Path file, String what, long length) {
        return new IOException("TIFF " + file.toAbsolutePath() + " is truncated: " + what + ", but the file ends at "
                + "byte " + length + "; copy it again");
    }

    private static IOException damaged(Path file, String why) {
        return new IOException("TIFF " + file.toAbsolutePath() + " is damaged: " + why + "; ImageJ cannot read it");
    }

    /** Named .tif / .tiff, or starting with a TIFF byte-order mark (ImageJ sniffs those whatever their name). */
    static boolean isTiff(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".tif") || n.endsWith(".tiff")) {
            return true;
        }
        byte[] mark = new byte[2];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(mark, 0, 2) == 2 && (mark[0] == 'I' && mark[1] == 'I' || mark[0] == 'M' && mark[1] == 'M');
        }
    }

    /**
     * @param inMemory the whole image will be held in memory (not read plane by plane), so it must fit
     * @throws IOException naming the file when its pixel data runs past its end, or it cannot fit in memory
     */
    static void check(Path file, boolean inMemory) throws IOException {
        checkDirectories(file);
        FileInfo[] info;
        try {
            Path dir = file.toAbsolutePath().getParent();
            info = new TiffDecoder(dir + java.io.File.separator, file.getFileName().toString()).getTiffInfo();
        } catch (IOException | RuntimeException e) {
            info = null;
        }
        if (info == null || info.length == 0) {
            // Said here: ImageJ's opener would say it in a dialog that aborts a running macro.
            throw new IOException("ImageJ cannot open " + file.toAbsolutePath() + " as an image: it is named .tif but "
                    + "is not a TIFF file ImageJ can read");
        }
        long length = Files.size(file);
        long declared = 0;
        long end = 0;
        for (FileInfo fi : info) {
            long plane = (long) fi.width * fi.height * Math.max(1, fi.getBytesPerPixel());
            long planes = Math.max(1, fi.nImages);
            declared += plane * planes;
            if (fi.stripOffsets != null && fi.stripLengths != null && planes == 1) {
                for (int s = 0; s < Math.min(fi.stripOffsets.length, fi.stripLengths.length); s++) {
                    end = Math.max(end, (fi.stripOffsets[s] & 0xFFFF_FFFFL) + (fi.stripLengths[s] & 0xFFFF_FFFFL));
                }
            } else if (fi.compression <= FileInfo.COMPRESSION_NONE) {
                end = Math.max(end, fi.getOffset() + planes * plane + (planes - 1) * Math.max(0, fi.gapBetweenImages));
            }
        }
        if (inMemory) {
            MemoryBudget.check(declared, 1, "TIFF " + file.toAbsolutePath() + " (" + info[0].width + " x "
                    + info[0].height + " pixels, " + (info.length == 1 ? info[0].nImages : info.length)
                    + " plane(s))", "a stack can be segmented plane by plane (Segment --stream, or a virtual stack "
                    + "and a results folder in Fiji)");
        }
        if (end > length) {
            throw new IOException(String.format(Locale.ROOT, "%s is truncated: its TIFF directories put pixel data up "
                    + "to byte %d, but the file ends at byte %d; copy it again", file.toAbsolutePath(), end, length));
        }
    }
}
