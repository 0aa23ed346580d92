package io.pixelwise.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Bytes of physical memory the system can still give this process outside the Java heap's current size (where
     * TensorFlow allocates): Linux's MemAvailable (free memory plus cache it can drop), lowered to what a cgroup
     * (container) limit leaves; elsewhere the JVM's own figure of free physical memory.
     */
    public static long systemAvailable() {
        long available = meminfoKib("MemAvailable") * 1024;
        if (available <= 0) {
            available = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getFreeMemorySize();
        }
        long limit = Math.min(number(Path.of("/sys/fs/cgroup/memory.max")),
                number(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes")));
        if (limit < Long.MAX_VALUE) {
            long used = Math.max(number(Path.of("/sys/fs/cgroup/memory.current")),
                    number(Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes")));
            available = Math.min(available, Math.max(0, limit - (used == Long.MAX_VALUE ? 0 : used)));
        }
        return available;
    }

    /** A field of /proc/meminfo in KiB, or -1 where there is none (not Linux). */
    private static long meminfoKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // not Linux, or not readable: the caller falls back
        }
        return -1;
    }

    /** A cgroup file's number; "max", absent or unreadable: no limit (Long.MAX_VALUE). */
    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return Long.MAX_VALUE;
        }
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

    public static String size(long bytes) {
        if (bytes < 0) {
            return "more than 8 EiB";
        }
        double gib = bytes / (double) (1L << 30);
        return gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
