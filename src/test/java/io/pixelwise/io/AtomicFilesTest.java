package io.pixelwise.io;

import io.pixelwise.measure.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTemporaryNameKeepsTheExtensionWritersChooseTheFormatBy() {
        assertEquals(".a-regions.tmp.csv", AtomicFiles.temp(Path.of("a-regions.csv")).toString());
        assertEquals(".scan-classes.tmp.nii.gz", AtomicFiles.temp(Path.of("scan-classes.nii.gz")).toString());
        assertEquals(".README.tmp", AtomicFiles.temp(Path.of("README")).toString());
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path target = dir.resolve("summary.csv");
        AtomicFiles.writeString(target, "file,status\na.png,done\n");
        // A full disk: the writer gets some bytes out, then fails.
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, temp -> {
            Files.writeString(temp, "file,sta");
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("file,status\na.png,done\n", Files.readString(target), "the complete old file stays");
        assertEquals(List.of("summary.csv"), files(), "no temporary file left");
        Path fresh = dir.resolve("new.tif");
        assertThrows(IOException.class, () -> AtomicFiles.write(fresh, temp -> {
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(fresh), "no file at all rather than a half one");
        assertThrows(IOException.class, () -> AtomicFiles.write(fresh, temp -> { }), "a writer that wrote nothing");
        assertEquals(List.of("summary.csv"), files());
    }

    @Test
    void aStackWriterStoppedBeforeItsLastPlaneLeavesNoFile() throws IOException {
        Path target = dir.resolve("classes.tif");
        IOException e = assertThrows(IOException.class, () -> {
            try (TiffStackWriter w = new TiffStackWriter(target, 4, 4, TiffStackWriter.PixelType.UINT8, 3, 1,
                    Calibration.PIXELS)) {
                w.write(new byte[16]);
            }
        });
        assertTrue(e.getMessage().contains("1 of 3 planes"), e.getMessage());
        assertEquals(List.of(), files());
    }

    /** kill -9 of a JVM in the middle of writing a stack: nothing under the final name. */
    @Test
    void aKilledWriterLeavesNoFileUnderTheFinalName() throws Exception {
        Path target = dir.resolve("instances.tif");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowStackWriter.class.getName(), target.toString());
        Process p = pb.redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("plane 1 written", r.readLine());
            p.destroyForcibly();                       // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(target), "the killed run left no stack that looks whole");
        // A rerun writes it whole, and takes the killed run's leftover temporary file away.
        try (TiffStackWriter w = new TiffStackWriter(target, 64, 64, TiffStackWriter.PixelType.UINT8, 2, 1,
                Calibration.PIXELS)) {
            w.write(new byte[64 * 64]);
            w.write(new byte[64 * 64]);
        }
        assertEquals(List.of("instances.tif"), files());
    }

    /** The child JVM of {@link #aKilledWriterLeavesNoFileUnderTheFinalName()}: writes a plane, then waits. */
    public static final class SlowStackWriter {
        public static void main(String[] args) throws Exception {
            try (TiffStackWriter w = new TiffStackWriter(Path.of(args[0]), 64, 64, TiffStackWriter.PixelType.UINT8,
                    10, 1, Calibration.PIXELS)) {
                for (int z = 0; z < 10; z++) {
                    w.write(new byte[64 * 64]);
                    System.out.println("plane " + (z + 1) + " written");
                    System.out.flush();
                    Thread.sleep(60_000);
                }
            }
        }
    }
}
