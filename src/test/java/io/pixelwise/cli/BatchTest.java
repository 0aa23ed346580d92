package io.pixelwise.cli;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTest {

    private static final Path SAMPLE = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png");

    @TempDir
    Path dir;

    /** Two workers sharing one model give each copy of the sample exactly the labels a lone Segment run gives. */
    @Test
    void workersShareOneModelAndBadFilesAreReportedWhileTheBatchGoesOn() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String n : List.of("a.png", "b.png", "c.png")) {
            Files.copy(SAMPLE, in.resolve(n));
        }
        Files.writeString(in.resolve("broken.tif"), "not a TIFF");
        Files.write(in.resolve("empty.png"), new byte[0]);
        Map<String, byte[]> before = contents(in);
        Path out = dir.resolve("out");

        Map<String, Batch.Outcome> o = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString(),
                "--workers", "2", "--model", "nuclei-fluo"}));

        Segment.run(new String[]{SAMPLE.toString(), "--out", dir.resolve("alone").toString()});
        short[] alone = pixels(dir.resolve("alone/dsb2018-04acab76-instances.tif"));
        for (String n : List.of("a", "b", "c")) {
            assertEquals("done", o.get(n + ".png").status());
            assertTrue(o.get(n + ".png").objects() > 20);
            assertArrayEquals(alone, pixels(out.resolve(n + "-instances.tif")), n);
            List<String> rows = Files.readAllLines(out.resolve(n + "-instances-regions.csv"));
            assertEquals(o.get(n + ".png").objects() + 1, rows.size(), "header + one row per nucleus");
        }
        assertEquals("failed", o.get("broken.tif").status());
        assertTrue(o.get("broken.tif").message().contains("broken.tif"), o.get("broken.tif").message());
        assertEquals("failed", o.get("empty.png").status());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("file,status,objects,message", summary.get(0));
        assertEquals(6, summary.size());
        assertTrue(summary.contains("a.png,done," + o.get("a.png").objects() + ","), summary.toString());

        byte[] first = Files.readAllBytes(out.resolve("a-instances.tif"));
        Map<String, Batch.Outcome> again = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString()}));
        assertEquals("skipped", again.get("a.png").status());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("a-instances.tif")));
        Map<String, byte[]> after = contents(in);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), "input " + k + " unchanged"));
    }

    @Test
    void missingOrEmptyFoldersAndBadFlagsSayWhat() throws Exception {
        Path out = dir.resolve("out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.run(new String[]{dir.resolve("nope").toString(), "--out", out.toString()}));
        assertTrue(e.getMessage().contains("input folder not found"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> Batch.run(new String[]{empty.toString(), "--out",
                out.toString()}));
        assertTrue(e.getMessage().contains("no files"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batch.run(new String[]{empty.toString(), "--out",
                out.toString(), "--workers", "two"}));
        assertTrue(e.getMessage().contains("--workers expects a whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batch.run(new String[]{empty.toString(), "--out",
                empty.toString()}));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    private static Map<String, Batch.Outcome> byFile(List<Batch.Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(Batch.Outcome::file, Function.identity()));
    }

    private static short[] pixels(Path tif) {
        ImagePlus imp = IJ.openImage(tif.toString());
        return (short[]) imp.getProcessor().getPixels();
    }

    private static Map<String, byte[]> contents(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }));
        }
    }
}
