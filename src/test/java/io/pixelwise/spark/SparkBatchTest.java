package io.pixelwise.spark;

import io.pixelwise.cli.Batch;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SparkBatch against Batch on ten real DSB 2018 images, on this machine ({@code local[2]}) and with two executor
 * JVMs ({@code local-cluster}), all on loopback.
 */
class SparkBatchTest {

    static final Path DSB = Path.of("../shared/data/dsb2018_nuclei/images");

    @TempDir
    static Path dir;
    static Path input;
    static List<String> names = new ArrayList<>();

    @BeforeAll
    static void tenImagesAndABrokenOne() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DSB), "DSB 2018 not in ../shared/data: skipped");
        input = Files.createDirectories(dir.resolve("in"));
        // two under names a URI must escape (BUSI's "benign (12).png"; '#', '%' and a non-ASCII letter)
        List<String> awkward = List.of("benign (12).png", "é #1 100%.png");
        try (Stream<Path> s = Files.list(DSB)) {
            List<Path> ten = s.sorted().limit(10).toList();
            for (int i = 0; i < ten.size(); i++) {
                String name = i < awkward.size() ? awkward.get(i) : ten.get(i).getFileName().toString();
                Files.copy(ten.get(i), input.resolve(name));
                names.add(name);
            }
        }
        Files.writeString(input.resolve("broken.tif"), "not an image");
    }

    private static Map<String, Row> byFile(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        rows.forEach(r -> m.put(r.getString(0), r));
        return m;
    }

    @Test
    void onThisMachineItWritesWhatBatchWritesAndARerunSkipsWhatIsDone() throws Exception {
        Path batchOut = dir.resolve("batch");
        Map<String, Batch.Outcome> batch = new HashMap<>();
        Batch.Worker w = new Batch.Worker(new String[] {input.toString(), "--out", batchOut.toString()});
        try (var model = w.openModel(null, 0)) {
            for (String n : names) {
                batch.put(n, w.segment(input.resolve(n), model, t -> { }));
            }
        }
        Path sparkOut = dir.resolve("spark out");                   // its tables too land in a folder with a space
        Map<String, Row> rows = byFile(SparkBatch.run(new String[] {input.toString(), "--out", sparkOut.toString(),
                "--master", "local[2]"}));
        assertEquals(11, rows.size());
        assertEquals("failed", rows.get("broken.tif").getString(1));
        assertTrue(rows.get("broken.tif").getString(4).contains("broken.tif"), rows.get("broken.tif").getString(4));
        long objects = 0;
        for (String n : names) {
            String stem = n.substring(0, n.lastIndexOf('.'));
            assertEquals("done", rows.get(n).getString(1), rows.get(n).toString());
            assertEquals(batch.get(n).objects(), rows.get(n).getInt(2), n);
            for (String kind : List.of("instances", "classes")) {
                assertArrayEquals(Files.readAllBytes(batchOut.resolve(kind).resolve(stem + ".tif")),
                        Files.readAllBytes(sparkOut.resolve(kind).resolve(stem + ".tif")), kind + " of " + n);
            }
            assertEquals(Files.readAllLines(batchOut.resolve("tables").resolve(stem + "-regions.csv")),
                    Files.readAllLines(sparkOut.resolve("tables").resolve(stem + "-regions.csv")), n);
            objects += rows.get(n).getInt(2);
        }
        assertEquals(objects + 1, csvLines(sparkOut.resolve("objects.csv")), "a header and one row per object");
        assertEquals(12, csvLines(sparkOut.resolve("images.csv")));
        assertTrue(Files.isDirectory(sparkOut.resolve("images.parquet")));

        Map<String, Row> again = byFile(SparkBatch.run(new String[] {input.toString(), "--out",
                sparkOut.toString(), "--master", "local[2]"}));
        for (String n : names) {
            assertEquals("skipped", again.get(n).getString(1), n);
            assertEquals(rows.get(n).getInt(2), again.get(n).getInt(2), "objects of a skipped image come from its "
                    + "tables");
        }
        assertEquals(objects + 1, csvLines(sparkOut.resolve("objects.csv")));
        try (Stream<Path> all = Files.walk(sparkOut)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aMissingFileIsARowAndAnUnreadableModelStopsBeforeAnyTask() throws Exception {
        Path manifest = dir.resolve("manifest.csv");
        // with a byte order mark, as Excel's "CSV UTF-8" starts
        Files.writeString(manifest, "\uFEFFpath,group\n\"" + input.resolve(names.get(0)) + "\",a\n# a comment\n"
                + dir.resolve("gone.png") + ",b\n");
        // Batch's measurement flags reach the tasks: --ring adds the ring columns to each image's regions table
        Map<String, Row> rows = byFile(SparkBatch.run(new String[] {manifest.toString(), "--out",
                dir.resolve("manifest-out").toString(), "--master", "local[1]", "--ring", "2"}));
        assertEquals(2, rows.size());
        assertEquals("done", rows.get(names.get(0)).getString(1));
        String stem = names.get(0).substring(0, names.get(0).lastIndexOf('.'));
        assertTrue(Files.readAllLines(dir.resolve("manifest-out/tables/" + stem + "-regions.csv")).get(0)
                .contains(",Ring pixels,Ring mean"), "ring columns in the regions table");
        assertEquals("failed", rows.get("gone.png").getString(1));
        assertTrue(rows.get("gone.png").getString(4).contains("file not found"), rows.get("gone.png").getString(4));

        Path badModel = Files.createDirectories(dir.resolve("bad-model"));
        Files.writeString(badModel.resolve("pixelwise.json"), "{ not json");
        Exception e = assertThrows(Exception.class, () -> SparkBatch.run(new String[] {input.toString(), "--out",
                dir.resolve("bad-out").toString(), "--model", badModel.toString(), "--master", "local[1]"}));
        assertTrue(e.getMessage().contains("pixelwise.json"), e.getMessage());
    }

    /**
     * A BioImage Model Zoo package goes to the executors as its one .zip, or unpacked as its files, and segments as its
     * model folder does.
     */
    @Test
    void aZooPackageIsShippedAsItsZipAndSegmentsAsTheFolder() throws Exception {
        // a "#" in the package's or the model folder's path is part of the name, not a URI fragment
        Path zip = io.pixelwise.ij.ZooExport.export(Path.of("models", "nuclei-fluo"),
                dir.resolve("nuclei-fluo #2.zip"));
        Path manifest = Files.writeString(dir.resolve("three.txt"), String.join("\n",
                names.subList(0, 3).stream().map(n -> input.resolve(n).toString()).toList()) + "\n");
        Path folderOut = dir.resolve("folder-model");
        Path zipOut = dir.resolve("zip-model");
        Map<String, Row> byFolder = byFile(SparkBatch.run(new String[] {manifest.toString(), "--out",
                folderOut.toString(), "--master", "local[1]"}));
        Map<String, Row> byZip = byFile(SparkBatch.run(new String[] {manifest.toString(), "--out", zipOut.toString(),
                "--model", zip.toString(), "--master", "local[1]"}));
        Path unpacked = dir.resolve("nuclei-fluo-unpacked#2");
        try (var p = io.pixelwise.zoo.ZooPackages.open(zip); var files = Files.walk(p.folder())) {
            for (Path f : files.toList()) {
                Files.copy(f, unpacked.resolve(p.folder().relativize(f).toString()));
            }
        }
        Path unpackedOut = dir.resolve("unpacked-model");
        Map<String, Row> byUnpacked = byFile(SparkBatch.run(new String[] {manifest.toString(), "--out",
                unpackedOut.toString(), "--model", unpacked.toString(), "--master", "local[1]"}));
        for (String n : names.subList(0, 3)) {
            String stem = n.substring(0, n.lastIndexOf('.'));
            for (var run : List.of(Map.entry(byZip, zipOut), Map.entry(byUnpacked, unpackedOut))) {
                Row row = run.getKey().get(n);
                assertEquals("done", row.getString(1), row.toString());
                assertEquals(byFolder.get(n).getInt(2), row.getInt(2), n);
                assertArrayEquals(Files.readAllBytes(folderOut.resolve("instances").resolve(stem + ".tif")),
                        Files.readAllBytes(run.getValue().resolve("instances").resolve(stem + ".tif")), n);
            }
        }
    }

    /**
     * A job killed (kill -9) in the middle leaves no partial output under a final name; run again, it skips the
     * images whose outputs are complete and does the rest.
     */
    @Test
    void aKilledJobLeavesNoPartialOutputsAndTheRerunSkipsWhatWasDone() throws Exception {
        Path out = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(LocalCluster.sparkFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkBatch.class.getName(),
                input.toString(), "--out", out.toString(), "--master", "local[1]", "--verbose"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        Path instances = out.resolve("instances");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && countTifs(instances) < 3) {
            Thread.sleep(100);
        }
        assertTrue(countTifs(instances) >= 3 && p.isAlive(), "the job got going:\n"
                + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly().waitFor();
        int before = countTifs(instances);
        assertTrue(before < names.size(), "killed before the end");
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".tif") && !n.startsWith(".")) {
                    assertTrue(ij.IJ.openImage(f.toString()) != null, "a whole TIFF under a final name: " + f);
                }
            }
        }
        Map<String, Row> rows = byFile(SparkBatch.run(new String[] {input.toString(), "--out", out.toString(),
                "--master", "local[2]"}));
        long skipped = names.stream().filter(n -> rows.get(n).getString(1).equals("skipped")).count();
        long done = names.stream().filter(n -> rows.get(n).getString(1).equals("done")).count();
        assertTrue(skipped >= 1 && skipped <= before && skipped + done == names.size(), rows.toString());
        try (Stream<Path> all = Files.walk(out)) {
            assertEquals(List.of(), all.filter(f -> f.getFileName().toString().contains(".tmp")).toList(),
                    "no temporary file left after the rerun");
        }
    }

    private static int countTifs(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(".tif")
                    && !f.getFileName().toString().startsWith(".")).count();
        }
    }

    /**
     * Two executor JVMs (Spark's local-cluster master, in a child JVM with a stand-in SPARK_HOME whose jars/ are
     * this test's class path): each executor loads the model once and segments its share.
     */
    @Test
    void twoExecutorJvmsLoadTheModelOnceEach() throws Exception {
        // on real executors too, an output folder and a model folder whose paths hold a space and a "#"
        Path out = dir.resolve("cluster out #1");
        Path model = Files.createDirectories(dir.resolve("models#2")).resolve("nuclei-fluo");
        try (Stream<Path> files = Files.walk(Path.of("models", "nuclei-fluo"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(Path.of("models", "nuclei-fluo").relativize(f).toString()));
            }
        }
        Process p = LocalCluster.start(dir, "local-cluster[2,1,1024]", List.of(input.toString(), "--out",
                out.toString(), "--model", model.toString()), dir.resolve("cluster.log"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the local-cluster job did not finish");
        String log = Files.readString(dir.resolve("cluster.log"));
        assertEquals(1, p.exitValue(), "exit 1: broken.tif failed, the rest is done (as Batch)\n" + log);
        List<String> lines = Files.readAllLines(csv(out.resolve("images.csv")));
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, Integer> loadsByExecutor = new HashMap<>();
        int done = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[header.indexOf("status")].equals("done")) {
                done++;
                loadsByExecutor.merge(f[header.indexOf("executor")], Integer.parseInt(f[header.indexOf(
                        "model_loads")]), Math::max);
            }
        }
        assertEquals(10, done, log);
        assertEquals(2, loadsByExecutor.size(), "two executor JVMs did the work: " + loadsByExecutor);
        assertTrue(loadsByExecutor.keySet().stream().noneMatch(k -> k.startsWith("driver")), loadsByExecutor.toString());
        assertTrue(loadsByExecutor.values().stream().allMatch(n -> n == 1), "one model load per JVM: "
                + loadsByExecutor);
    }

    private static Path csv(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
        }
    }

    private static long csvLines(Path folder) throws Exception {
        return Files.readAllLines(csv(folder)).size();
    }
}
