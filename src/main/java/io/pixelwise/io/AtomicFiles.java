package io.pixelwise.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Every file Pixelwise writes goes through here: it is written under a hidden temporary name in the target's
 * folder ({@code .NAME.tmp.EXT}, keeping the extension that writers such as ImageJ's use to pick a format), forced
 * to disk, then renamed over the target in one step. A crash, a full disk or {@code kill -9} therefore leaves
 * either the complete new file or what was there before, never a half file under the final name that a rerun could
 * take for finished work; a failed write removes its temporary file and reports the error.
 */
public final class AtomicFiles {

    /** Fills the temporary file (it does not exist yet, or is empty). */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} through {@code writer}; returns the target. */
    public static Path write(Path target, Writer writer) throws IOException {
        try (Pending p = create(target)) {
            writer.writeTo(p.temp());
            p.commit();
        }
        return target;
    }

    public static Path writeString(Path target, String text) throws IOException {
        return write(target, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
    }

    /** A file being written under its temporary name; see {@link Pending}. */
    public static Pending create(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new Pending(target, temp(target));
    }

    /** {@code .NAME.tmp.EXT} beside {@code target}; {@code .nii.gz} and {@code .tar.gz} count as one extension. */
    static Path temp(Path target) {
        String name = target.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.endsWith(".nii.gz") || lower.endsWith(".tar.gz") ? name.length() - 7 : name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return target.resolveSibling("." + stem + ".tmp" + ext);
    }

    /**
     * A file being written: write to {@link #temp()} (or {@link #newOutputStream()}), then {@link #commit()} puts it
     * in place. Closed without a commit, the temporary file is removed and the target stays as it was.
     */
    public static final class Pending implements Closeable {
        private final Path target;
        private final Path temp;
        private boolean committed;

        private Pending(Path target, Path temp) throws IOException {
            this.target = target;
            this.temp = temp;
            Files.deleteIfExists(temp);          // left by a run that was killed
        }

        public Path target() {
            return target;
        }

        public Path temp() {
            return temp;
        }

        public OutputStream newOutputStream() throws IOException {
            return Files.newOutputStream(temp);
        }

        /** Forces the written bytes to disk and renames the file over the target. */
        public void commit() throws IOException {
            if (!Files.isRegularFile(temp)) {
                throw new IOException("nothing was written for " + target);
            }
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
