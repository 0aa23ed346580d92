package io.pixelwise.cli;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Assumptions;
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
        Files.copy(SAMPLE, in.resolve("twin.png"));
        Files.copy(SAMPLE, in.resolve("twin.tif"));
        Files.write(in.resolve("empty.png"), new byte[0]);
        Map<String, byte[]> before = contents(in);
        Path out = dir.resolve("out");

        Map<String, Batch.Outcome> o = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString(),
                "--workers", "2", "--model", "nuclei-fluo"}));

        Segment.run(new String[]{SAMPLE.toString(), "--out", dir.resolve("alone").toString()});
        short[] alone = pixels(dir.resolve("alone/instances/dsb2018-04acab76.tif"));
        for (String n : List.of("a", "b", "c")) {
            assertEquals("done", o.get(n + ".png").status(), o.get(n + ".png").message());
            assertTrue(o.get(n + ".png").objects() > 20);
            assertArrayEquals(alone, pixels(out.resolve("instances/" + n + ".tif")), n);
            List<String> rows = Files.readAllLines(out.resolve("tables/" + n + "-regions.csv"));
            assertEquals(o.get(n + ".png").objects() + 1, rows.size(), "header + one row per nucleus");
        }
        assertEquals("failed", o.get("broken.tif").status());
        assertTrue(o.get("broken.tif").message().contains("broken.tif"), o.get("broken.tif").message());
        assertEquals("failed", o.get("empty.png").status());
        for (String twin : List.of("twin.png", "twin.tif")) {
            assertEquals("failed", o.get(twin).status(), twin);
            assertTrue(o.get(twin).message().contains("would have the same names as those of twin."),
                    o.get(twin).message());
        }
        try (var names = Files.list(out)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith("twin")), "neither replaced the other");
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("file,status,objects,counted,message", summary.get(0));
        assertEquals(8, summary.size());
        assertTrue(summary.contains("a.png,done," + o.get("a.png").objects() + ",per plane,"), summary.toString());

        byte[] first = Files.readAllBytes(out.resolve("instances/a.tif"));
        Map<String, Batch.Outcome> again = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString()}));
        assertEquals("skipped", again.get("a.png").status());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("instances/a.tif")));
        // Its summary row keeps the first run's numbers, read back from the counts it kept.
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).contains("a.png,skipped," + o.get("a.png").objects()
                + ",per plane,outputs exist; --overwrite replaces them"), Files.readString(out.resolve("summary.csv")));
        // A run cut short after some of b's outputs (a crash, a full disk): the rerun does b again.
        Files.delete(out.resolve("tables/b-regions.csv"));
        Map<String, Batch.Outcome> third = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString()}));
        assertEquals("skipped", third.get("a.png").status());
        assertEquals("done", third.get("b.png").status(), "an incomplete set is not 'done'");
        assertTrue(Files.exists(out.resolve("tables/b-regions.csv")));
        try (var names = Files.list(out)) {
            assertTrue(names.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Batch.LOCK_FILE))
                    .noneMatch(n -> n.startsWith(".")), "no temporary files");
        }
        // A second Batch into the same folder while one runs stops at once instead of doing all the work again.
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(out.resolve(Batch.LOCK_FILE),
                java.nio.file.StandardOpenOption.WRITE); var held = c.lock()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.run(new String[]{
                    in.toString(), "--out", out.toString()}));
            assertTrue(e.getMessage().startsWith("another Batch is writing into"), e.getMessage());
        }
        Map<String, byte[]> after = contents(in);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), "input " + k + " unchanged"));
    }

    /** HC18 scans calibrated from their pixel size table: the fetal head's ellipse perimeter is the HC in mm. */
    /** --ring 3: every object's row also has the pixels and mean of the ring around it. */
    @Test
    void ringsAroundTheObjectsAreMeasuredWhenAsked() throws Exception {
        Path in = Files.createDirectories(dir.resolve("ring-in"));
        Files.copy(SAMPLE, in.resolve("cells.png"));
        Path out = dir.resolve("ring-out");
        Map<String, Batch.Outcome> o = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString(),
                "--ring", "3"}));
        assertEquals("done", o.get("cells.png").status());
        List<String> rows = Files.readAllLines(out.resolve("tables/cells-regions.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int pixels = header.indexOf("Ring pixels");
        int mean = header.indexOf("Ring mean");
        assertTrue(pixels > 0 && mean > 0, rows.get(0));
        String[] first = rows.get(1).split(",");
        assertTrue(Double.parseDouble(first[pixels]) > 0, rows.get(1));
        assertTrue(Double.parseDouble(first[mean]) < Double.parseDouble(first[header.indexOf("Mean")]),
                "the background around a nucleus is darker than the nucleus: " + rows.get(1));
    }

    @Test
    void pixelSizesFromATableGiveHeadCircumferenceInMillimetres() throws Exception {
        Path hc18 = Path.of("../shared/data/hc18_fetal_head_us");
        Assumptions.assumeTrue(Files.isDirectory(hc18), "HC18 not in ../shared/data: skipped");
        Path in = Files.createDirectories(dir.resolve("scans"));
        Map<String, Double> sonographer = new java.util.TreeMap<>();
        for (Map<String, String> row : io.pixelwise.io.CsvTables.read(hc18.resolve("pixel_size_and_HC.csv")).rows()) {
            if (List.of("000_HC.png", "010_HC.png", "123_HC.png").contains(row.get("filename"))) {
                sonographer.put(row.get("filename"), Double.parseDouble(row.get("head_circumference_mm")));
            }
        }
        assertEquals(3, sonographer.size());
        for (String n : sonographer.keySet()) {
            Files.copy(hc18.resolve("images").resolve(n), in.resolve(n));
        }
        Path out = dir.resolve("out");
        Map<String, Batch.Outcome> o = byFile(Batch.run(new String[]{in.toString(), "--out", out.toString(),
                "--model", "fetal-head-us", "--pixel-sizes", hc18.resolve("pixel_size_and_HC.csv").toString()}));
        for (Map.Entry<String, Double> e : sonographer.entrySet()) {
            assertEquals("done", o.get(e.getKey()).status(), o.get(e.getKey()).message());
            List<String> rows = Files.readAllLines(out.resolve("tables/" + e.getKey().replace(".png", "") + "-regions.csv"));
            assertEquals(2, rows.size(), "one head: " + rows);
            List<String> header = List.of(rows.get(0).split(","));
            int hc = header.indexOf("Ellipse perimeter (mm)");
            assertTrue(hc >= 0, "an HC column in mm: " + header);
            double measured = Double.parseDouble(rows.get(1).split(",")[hc]);
            assertEquals(e.getValue(), measured, 0.05 * e.getValue(), e.getKey() + " HC in mm");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.run(new String[]{
                in.toString(), "--out", out.toString(), "--pixel-sizes", dir.resolve("none.csv").toString()}));
        assertTrue(e.getMessage().startsWith("--pixel-sizes: CSV table not found"), e.getMessage());
        Files.writeString(dir.resolve("other.csv"), "file,pixel_size_mm\nx.png,0.1\n");
        Map<String, Batch.Outcome> unlisted = byFile(Batch.run(new String[]{in.toString(), "--out",
                dir.resolve("out2").toString(), "--model", "fetal-head-us", "--pixel-sizes",
                dir.resolve("other.csv").toString()}));
        assertEquals("failed", unlisted.get("000_HC.png").status());
        assertTrue(unlisted.get("000_HC.png").message().contains("is not in the pixel size table"),
                unlisted.get("000_HC.png").message());
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
        assertTrue(e.getMessage().contains("--workers must be a whole number from 1 to 256, was 'two'"), e.getMessage());
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
