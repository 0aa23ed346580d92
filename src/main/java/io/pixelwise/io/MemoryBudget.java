package io.pixelwise.io;

import java.io.IOException;
import java.util.Locale;

/**
 * Checks what a file declares against the memory Java can still give, before anything is allocated: a 1 KB TIFF
 * that claims 100000 x 100000 pixels, or a 2 MB .nii.gz that inflates to 2 GB, is refused with both sizes instead of
 * running away or dying with OutOfMemoryError.
 */
public final class MemoryBudget {

    private MemoryBudget() {
    }

    /** Bytes the heap can still grow into: the -Xmx limit less what is in use. */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * @param declared pixel bytes {@code what} declares
     * @param copies   how many times reading it holds that much at once (raw bytes, decoded planes, ...)
     * @param hint     what to do instead when it does not fit (may be empty)
     * @throws IOException when the copies exceed what is available
     */
    public static void check(long declared, int copies, String what, String hint) throws IOException {
        long free = available();
        long needed = declared > Long.MAX_VALUE / copies ? -1 : declared * copies;
        if (declared < 0 || needed < 0 || needed > free) {
            throw new IOException(String.format(Locale.ROOT, "%s declares %s of pixel data; reading it needs about "
                    + "%s, more than the %s of memory Java has left (raise it with -Xmx, or Edit > Options > Memory "
                    + "in Fiji)%s", what, size(declared), size(needed), size(free), hint.isEmpty() ? "" : "; " + hint));
        }
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return "more than 8 EiB";
        }
        double gib = bytes / (double) (1L << 30);
        return gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
