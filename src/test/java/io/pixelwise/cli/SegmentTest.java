package io.pixelwise.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import io.pixelwise.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path image;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.tiny(dir.resolve("model"), 1);
        ImagePlus imp = IJ.createImage("in", "8-bit ramp", 80, 64, 1);
        imp.getProcessor().noise(30);
        image = dir.resolve("in.tif");
        new FileSaver(imp).saveAsTiff(image.toString());
    }

    @Test
    void writesLabelTiffsRoiZipAndCountsCsvWithoutTouchingTheInput() throws Exception {
        byte[] before = Files.readAllBytes(image);
        Path out = dir.resolve("out");
        List<Path> written = Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out",
                out.toString(), "--tile", "32", "--probabilities"});
        assertEquals(List.of("classes/in.tif", "instances/in.tif", "probabilities/in.tif", "rois/in.zip",
                "tables/in-counts.csv"), written.stream().map(p -> out.relativize(p).toString()).toList());
        ImagePlus instances = IJ.openImage(out.resolve("instances/in.tif").toString());
        assertEquals(16, instances.getBitDepth());
        assertEquals(80, instances.getWidth());
        List<String> csv = Files.readAllLines(out.resolve("tables/in-counts.csv"));
        assertEquals("image,class,frame,count,counted", csv.get(0));
        int count = Integer.parseInt(csv.get(1).split(",")[3]);
        assertTrue(csv.get(1).startsWith("in.tif,nucleus,all,"), csv.get(1));
        assertEquals(2, csv.size(), "one image: no rows per frame");
        try (ZipFile z = new ZipFile(out.resolve("rois/in.zip").toFile())) {
            assertEquals(count, z.size(), "one ROI per object in a 2D image");
        }
        assertEquals((int) instances.getStatistics().max, count, "labels are 1..count");
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void instanceOptionsAndThePanopticImage() throws Exception {
        Path out = dir.resolve("panoptic");
        List<Path> written = Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out",
                out.toString(), "--panoptic", "--corners", "--split", "0"});
        assertEquals(5, written.size());
        ImagePlus panoptic = IJ.openImage(out.resolve("panoptic/in.tif").toString());
        ImagePlus instances = IJ.openImage(out.resolve("instances/in.tif").toString());
        assertEquals(2, panoptic.getNChannels(), "channel 1 class, channel 2 instance id");
        for (int i = 0; i < instances.getProcessor().getPixelCount(); i++) {
            assertEquals(instances.getProcessor().get(i), panoptic.getStack().getProcessor(2).get(i));
        }
        Path big = dir.resolve("big");
        Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out", big.toString(),
                "--min-size", "1000000"});
        assertTrue(Files.readString(big.resolve("tables/in-counts.csv")).contains(",0"), "every object below the minimum");
    }

    /** Real nuclei (crops of the bundled sample, 16-bit), so the bundled model finds objects to number. */
    private static ImagePlus nucleiStack() {
        ImageProcessor sample = IJ.openImage("models/nuclei-fluo/samples/dsb2018-04acab76.png").getProcessor();
        ImagePlus stack = IJ.createImage("stack", "16-bit black", 160, 128, 3);
        for (int z = 1; z <= 3; z++) {
            sample.setRoi(40 * z - 40, 60 * z - 60, 160, 128);
            ImageProcessor crop = sample.crop().convertToShort(false);
            crop.multiply(100 * z);
            stack.getStack().setProcessor(crop, z);
        }
        return stack;
    }

    @Test
    void streamingAStackPlaneByPlaneGivesTheInMemoryResults() throws Exception {
        ImagePlus stack = nucleiStack();
        stack.getCalibration().pixelWidth = 0.5;
        stack.getCalibration().pixelHeight = 0.5;
        stack.getCalibration().pixelDepth = 2;
        stack.getCalibration().setUnit("micron");
        Path in = dir.resolve("stack.tif");
        new FileSaver(stack).saveAsTiffStack(in.toString());
        byte[] before = Files.readAllBytes(in);
        Path memory = dir.resolve("memory");
        Path streamed = dir.resolve("streamed");
        String nuclei = "models/nuclei-fluo";
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", memory.toString(), "--tile", "64"});
        List<Path> written = Segment.run(new String[] {in.toString(), "--model", nuclei, "--out",
                streamed.toString(), "--tile", "64", "--stream"});
        assertEquals(List.of("classes/stack.tif", "instances/stack.tif", "rois/stack.zip", "tables/stack-counts.csv"),
                written.stream().map(p -> streamed.relativize(p).toString()).toList());
        assertArrayEquals(before, Files.readAllBytes(in));
        for (String kind : new String[] {"classes", "instances"}) {
            ImagePlus a = IJ.openImage(memory.resolve(kind + "/stack.tif").toString());
            ImagePlus b = IJ.openImage(streamed.resolve(kind + "/stack.tif").toString());
            assertEquals(kind.equals("classes") ? 8 : 32, b.getBitDepth(), kind);
            assertEquals(3, b.getNSlices(), kind);
            assertEquals(0.5, b.getCalibration().pixelWidth, 1e-9, kind);
            assertEquals("micron", b.getCalibration().getUnit(), kind);
            for (int z = 1; z <= 3; z++) {
                for (int i = 0; i < 160 * 128; i++) {
                    assertEquals(a.getStack().getProcessor(z).getf(i), b.getStack().getProcessor(z).getf(i),
                            kind + " plane " + z + " pixel " + i);
                }
            }
        }
        List<String> counts = Files.readAllLines(streamed.resolve("tables/stack-counts.csv"));
        assertEquals(Files.readAllLines(memory.resolve("tables/stack-counts.csv")), counts);
        assertTrue(Integer.parseInt(counts.get(1).split(",")[3]) > 20, "objects to compare: " + counts);
        try (ZipFile m = new ZipFile(memory.resolve("rois/stack.zip").toFile());
             ZipFile st = new ZipFile(streamed.resolve("rois/stack.zip").toFile())) {
            assertEquals(m.size(), st.size());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Segment.run(new String[] {in.toString(),
                "--model", model.toString(), "--out", dir.resolve("3d").toString(), "--stream", "--3d"}));
        assertTrue(e.getMessage().contains("plane by plane: 3D instances join objects across planes"),
                e.getMessage());
        assertTrue(!Files.exists(dir.resolve("3d/classes/stack.tif")), "nothing half-written left behind");
    }

    /**
     * A time series (the crops of {@link #nucleiStack} as 3 frames): the counts table has a row per frame, each the
     * number of objects in that frame of the instance image, and the total; streamed plane by plane the same; a
     * Batch rerun that skips the series reads back the total, not the total plus the frames.
     */
    @Test
    void aTimeSeriesIsCountedPerFrameInMemoryStreamedAndOnABatchRerun() throws Exception {
        ImagePlus series = nucleiStack();
        series.setDimensions(1, 1, 3);
        Path folder = dir.resolve("series-in");
        Files.createDirectories(folder);
        Path in = folder.resolve("series.tif");
        new FileSaver(series).saveAsTiffStack(in.toString());
        String nuclei = "models/nuclei-fluo";
        Path memory = dir.resolve("series-memory");
        Path streamed = dir.resolve("series-streamed");
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", memory.toString()});
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", streamed.toString(), "--stream"});
        ImagePlus instances = IJ.openImage(memory.resolve("instances/series.tif").toString());
        List<String> expected = new java.util.ArrayList<>(List.of("image,class,frame,count,counted"));
        int total = 0;
        for (int f = 1; f <= 3; f++) {
            ImageProcessor frame = instances.getStack().getProcessor(f);
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (int i = 0; i < frame.getPixelCount(); i++) {
                if (frame.getf(i) != 0) {
                    ids.add((int) frame.getf(i));
                }
            }
            assertTrue(ids.size() > 10, "objects in frame " + f + ": " + ids.size());
            expected.add("series.tif,nucleus," + f + "," + ids.size() + ",per plane");
            total += ids.size();
        }
        expected.add("series.tif,nucleus,all," + total + ",per plane");
        assertEquals(expected, Files.readAllLines(memory.resolve("tables/series-counts.csv")));
        assertEquals(expected, Files.readAllLines(streamed.resolve("tables/series-counts.csv")));
        Path batch = dir.resolve("series-batch");
        Batch.run(new String[] {folder.toString(), "--out", batch.toString(), "--model", nuclei});
        List<Batch.Outcome> again = Batch.run(new String[] {folder.toString(), "--out", batch.toString(), "--model",
                nuclei});
        assertEquals("skipped", again.get(0).status());
        assertEquals(total, again.get(0).objects(), "the total row only");
        var frames = new java.util.LinkedHashMap<String, int[]>(Map.of("nucleus", new int[] {38, 40, 42}));
        frames.put("debris", new int[] {1, 0, 2});
        assertEquals("nucleus 120 (frames 38, 40, 42), debris 3 (frames 1, 0, 2)", new io.pixelwise.pipeline.Pipeline
                .Summary(frames, 123, false, "CPU", 0, 0, new io.pixelwise.progress.StageTimes()).countsText(),
                "the Log's line for a time series");
        assertEquals("nucleus 79", new io.pixelwise.pipeline.Pipeline.Summary(Map.of("nucleus", new int[] {79}), 79,
                false, "CPU", 0, 0, new io.pixelwise.progress.StageTimes()).countsText(), "one image: no frames");
    }

    /**
     * --exclude (Analyze Particles' "exclude on edges") keeps exactly the objects of a plain run that have no pixel on
     * the image's edge, pixel for pixel, in memory and streamed plane by plane; the counts count only those.
     */
    @Test
    void excludeOnEdgesKeepsTheWholeObjectsInMemoryAndStreamed() throws Exception {
        Path in = dir.resolve("edges.tif");
        new FileSaver(nucleiStack()).saveAsTiffStack(in.toString());
        String nuclei = "models/nuclei-fluo";
        Path plain = dir.resolve("edges-plain");
        Path memory = dir.resolve("edges-memory");
        Path streamed = dir.resolve("edges-streamed");
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", plain.toString()});
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", memory.toString(), "--exclude"});
        Segment.run(new String[] {in.toString(), "--model", nuclei, "--out", streamed.toString(), "--exclude",
                "--stream"});
        ImagePlus all = IJ.openImage(plain.resolve("instances/edges.tif").toString());
        ImagePlus whole = IJ.openImage(memory.resolve("instances/edges.tif").toString());
        ImagePlus wholeStreamed = IJ.openImage(streamed.resolve("instances/edges.tif").toString());
        int w = all.getWidth();
        int h = all.getHeight();
        int kept = 0;
        int cut = 0;
        for (int z = 1; z <= 3; z++) {
            ImageProcessor a = all.getStack().getProcessor(z);
            java.util.Set<Integer> onEdge = new java.util.HashSet<>();
            java.util.Set<Integer> inside = new java.util.HashSet<>();
            for (int i = 0; i < w * h; i++) {
                int x = i % w;
                int y = i / w;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    onEdge.add((int) a.getf(i));
                }
            }
            for (int i = 0; i < w * h; i++) {
                int id = (int) a.getf(i);
                boolean keep = id != 0 && !onEdge.contains(id);
                if (keep) {
                    inside.add(id);
                }
                assertEquals(keep, whole.getStack().getProcessor(z).getf(i) != 0, "plane " + z + " pixel " + i);
                assertEquals(whole.getStack().getProcessor(z).getf(i), wholeStreamed.getStack().getProcessor(z).getf(i),
                        "streamed, plane " + z + " pixel " + i);
            }
            onEdge.remove(0);
            kept += inside.size();
            cut += onEdge.size();
        }
        assertTrue(kept > 20 && cut > 5, kept + " whole objects, " + cut + " on the edge");
        assertEquals(kept, (int) whole.getStack().getProcessor(3).getStatistics().max, "numbered 1.." + kept);
        assertEquals(kept, Integer.parseInt(Files.readAllLines(memory.resolve("tables/edges-counts.csv")).get(1)
                .split(",")[3]));
        assertEquals(Files.readAllLines(memory.resolve("tables/edges-counts.csv")),
                Files.readAllLines(streamed.resolve("tables/edges-counts.csv")));
    }

    /** --channels 2 on a two-colour stack, in memory and streamed, gives the nuclear channel's own stack's labels. */
    @Test
    void theChosenChannelOfATwoColourStackIsSegmentedInMemoryAndStreamed() throws Exception {
        ImagePlus stack = nucleiStack();
        Path alone = dir.resolve("nuclei.tif");
        new FileSaver(stack).saveAsTiffStack(alone.toString());
        ImagePlus two = IJ.createHyperStack("two colour", 160, 128, 2, 3, 1, 16);
        for (int z = 1; z <= 3; z++) {
            two.getStack().getProcessor(two.getStackIndex(1, z, 1)).noise(3000);
            two.getStack().setPixels(stack.getStack().getPixels(z), two.getStackIndex(2, z, 1));
        }
        Path in = dir.resolve("two colour.tif");
        new FileSaver(two).saveAsTiff(in.toString());
        String nuclei = "models/nuclei-fluo";
        Path expected = dir.resolve("nuclei-out");
        Segment.run(new String[] {alone.toString(), "--model", nuclei, "--out", expected.toString()});
        ImagePlus truth = IJ.openImage(expected.resolve("instances/nuclei.tif").toString());
        for (String mode : new String[] {"memory", "stream"}) {
            Path out = dir.resolve("two-" + mode);
            List<String> args = new java.util.ArrayList<>(List.of(in.toString(), "--model", nuclei, "--out",
                    out.toString(), "--channels", "2"));
            if (mode.equals("stream")) {
                args.add("--stream");
            }
            Segment.run(args.toArray(String[]::new));
            ImagePlus got = IJ.openImage(out.resolve("instances/two colour.tif").toString());
            assertEquals(3, got.getStackSize(), mode);
            for (int z = 1; z <= 3; z++) {
                for (int i = 0; i < 160 * 128; i++) {
                    assertEquals(truth.getStack().getProcessor(z).getf(i), got.getStack().getProcessor(z).getf(i),
                            mode + " plane " + z + " pixel " + i);
                }
            }
        }
        assertMessage("Image 'two colour.tif' has 2 channel(s), not channel 3", in.toString(), "--model", nuclei,
                "--channels", "3");
        assertMessage("'Channels for the model (e.g. 1 or 2,3; empty = all)' must list channels like 2, 5-7",
                in.toString(), "--model", nuclei, "--channels", "two");
        assertMessage("lists channel 2000000000; channels go up to 65536", in.toString(), "--model", nuclei,
                "--channels", "1-2000000000");
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("input image not found", "missing.tif");
        assertMessage("--tile must be a whole number from 0 to 32768, was 'big'", image.toString(), "--tile", "big");
        assertMessage("--tile must be a whole number from 0 to 32768, was '-8'", image.toString(), "--tile", "-8");
        assertMessage("Unknown option: '--colour'", image.toString(), "--colour");
        assertMessage("no input image given");
        assertMessage("Missing required parameter for option '--model'", image.toString(), "--model");
        assertMessage("--objects must be one of sides, sides and corners, was 'edges'", image.toString(),
                "--objects", "edges");
    }

    /** --help is an answer, not an error: the caller prints it on standard output and exits with 0. */
    @Test
    void helpListsEveryFlagFromTheSpecWithItsDefault() {
        var help = assertThrows(Flags.HelpRequested.class, () -> Segment.run(new String[] {"--help"}));
        for (var o : Segment.SPEC.offeredBy(io.pixelwise.options.Option.Front.CLI)) {
            assertTrue(help.getMessage().contains(o.flag()), o.flag() + " missing from --help");
        }
        assertTrue(help.getMessage().contains("[default: 0]"), help.getMessage());
        assertTrue(help.getMessage().contains("--min-size"), "old spellings stay accepted and listed");
    }

    /**
     * Run as a user runs it (a JVM of its own, TF_CPP_MIN_LOG_LEVEL unset): TensorFlow's native log lines stay off
     * the terminal, what Segment says is there, --help goes to stdout with exit 0, errors exit 2; --verbose shows
     * TensorFlow's log.
     */
    @Test
    void aCommandLineRunShowsNoNativeLogUnlessVerbose() throws Exception {
        String[] quiet = runJava(image.toString(), "--model", model.toString(), "--out", dir.resolve("q").toString());
        assertEquals("0", quiet[0], quiet[2]);
        assertTrue(quiet[1].contains("Wrote:"), quiet[1]);
        assertTrue(!quiet[2].contains("tensorflow/") && !quiet[2].contains("absl") && !quiet[2].contains("I0000"),
                "native log lines on stderr:\n" + quiet[2]);
        String[] help = runJava("--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].contains("--minimum") && help[2].isBlank(), help[1] + help[2]);
        String[] missing = runJava("no-such.tif");
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("input image not found"), missing[2]);
        String[] verbose = runJava(image.toString(), "--model", model.toString(), "--out", dir.resolve("v").toString(),
                "--overwrite", "--verbose");
        assertTrue(verbose[2].contains("tensorflow/"), "--verbose shows TensorFlow's log:\n" + verbose[2]);
        assertTrue(NativeLogs.NOISE.matcher("I0000 00:00:1796041665.499733   22764 mlir_graph_optimization_pass.cc:401]"
                + " MLIR V1 optimization pass is not enabled").matches());
        assertTrue(!NativeLogs.NOISE.matcher("2026-11-30 12:27:45.087455: E tensorflow/core/x.cc:1] failed").matches(),
                "TensorFlow's errors get through");
    }

    /** Exit code, stdout and stderr of Segment in a JVM of its own, without TF_CPP_MIN_LOG_LEVEL. */
    private static String[] runJava(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "-Djava.awt.headless=true", Segment.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(NativeLogs.LEVEL);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "Segment did not finish");
        return new String[] {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err)};
    }

    /** Flags recorded in users' scripts before the spec keep working: --min-size and --corners. */
    @Test
    void olderFlagSpellingsMeanTheSameAsTheKeys() {
        var old = Flags.parse("Segment", "", Segment.SPEC, null, new String[] {"--min-size", "12", "--corners"});
        var now = Flags.parse("Segment", "", Segment.SPEC, null,
                new String[] {"--minimum", "12", "--objects", "sides and corners"});
        assertEquals(now.values().asMap(), old.values().asMap());
        assertEquals(12, old.values().longValue("minimum"));
    }

    @Test
    void unreadableImageIsReported() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not an image");
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> Segment.run(new String[] {text.toString(), "--model", model.toString()}));
        assertTrue(e.getMessage().contains("ImageJ cannot open"), e.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.run(args));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    /** A NIfTI scan in, NIfTI labels out: same grid, voxel size and orientation, so ITK-SNAP overlays them. */
    @Test
    void aNiftiScanGivesNiftiLabelVolumesOnItsGrid() throws Exception {
        Path scan = Path.of("models/hippocampus-mri/samples/hippocampus_099.nii.gz");
        Path out = dir.resolve("nifti-out");
        List<Path> written = Segment.run(new String[] {scan.toString(), "--model", "hippocampus-mri", "--out",
                out.toString()});
        assertEquals(List.of("classes/hippocampus_099.nii.gz", "instances/hippocampus_099.nii.gz",
                "rois/hippocampus_099.zip", "tables/hippocampus_099-counts.csv"),
                written.stream().map(p -> out.relativize(p).toString()).toList());
        io.pixelwise.io.Nifti.Volume in = io.pixelwise.io.Nifti.read(scan);
        io.pixelwise.io.Nifti.Volume classes = io.pixelwise.io.Nifti.read(out.resolve("classes/hippocampus_099.nii.gz"));
        assertEquals(List.of(in.width(), in.height(), in.depth()), List.of(classes.width(), classes.height(),
                classes.depth()));
        assertArrayEquals(in.spacing(), classes.spacing(), 1e-6);
        assertEquals(in.orientation().encode(), classes.orientation().encode());
        int[] voxels = new int[3];
        for (Object plane : classes.planes()) {
            for (short v : (short[]) plane) {
                voxels[v]++;
            }
        }
        assertTrue(voxels[1] > 100 && voxels[2] > 100, "anterior and posterior found: " + java.util.Arrays.toString(voxels));
        // The model's objects are volumes (descriptor objects_3d): one anterior and one posterior hippocampus per
        // scan, counted per volume, not once per slice they cross.
        assertEquals(List.of("image,class,frame,count,counted", "hippocampus_099.nii.gz,anterior,all,1,per volume",
                "hippocampus_099.nii.gz,posterior,all,1,per volume"),
                Files.readAllLines(out.resolve("tables/hippocampus_099-counts.csv")));
    }

    /** Tiny and one-pixel-high images segment (padded to the model's tile); outputs keep their size. */
    @Test
    void degenerateImagesSegmentAtTheirSize() throws Exception {
        for (int[] size : new int[][] {{1, 1}, {100000, 1}, {1, 3000}, {3, 2}}) {
            ImagePlus imp = IJ.createImage("deg", "8-bit ramp", size[0], size[1], 1);
            String name = "deg-" + size[0] + "x" + size[1];
            Path f = dir.resolve(name + ".tif");
            new FileSaver(imp).saveAsTiff(f.toString());
            Segment.run(new String[] {f.toString(), "--model", model.toString(), "--out", dir.resolve("deg").toString()});
            ImagePlus classes = IJ.openImage(dir.resolve("deg").resolve("classes/" + name + ".tif").toString());
            assertEquals(size[0], classes.getWidth(), name);
            assertEquals(size[1], classes.getHeight(), name);
        }
    }

    /** NaN or infinite pixels would make every class a guess: refused, saying why. Non-finite flags too. */
    @Test
    void nonFinitePixelsAndNumbersAreRefused() throws Exception {
        ImagePlus nan = IJ.createImage("nan", "32-bit ramp", 64, 64, 1);
        float[] px = (float[]) nan.getProcessor().getPixels();
        for (int i = 0; i < 500; i++) {
            px[i] = Float.NaN;
            px[1000 + i] = Float.POSITIVE_INFINITY;
        }
        Path f = dir.resolve("nan.tif");
        new FileSaver(nan).saveAsTiff(f.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.run(new String[] {
                f.toString(), "--model", model.toString(), "--out", dir.resolve("nan-out").toString()}));
        assertTrue(e.getMessage().contains("1000 NaN or infinite pixel(s)"), e.getMessage());
        for (String v : new String[] {"NaN", "Infinity", "-Infinity", "1e999"}) {
            e = assertThrows(IllegalArgumentException.class, () -> Segment.run(new String[] {image.toString(),
                    "--model", model.toString(), "--split", v}));
            assertTrue(e.getMessage().startsWith("--split must be a finite number from -1 to 1000000, was '" + v
                    + "'"), e.getMessage());
        }
    }

    /** An existing file of the same name is never replaced without --overwrite; the default folder is ./pixelwise-out. */
    @Test
    void existingOutputsAreNamedAndKeptUnlessOverwrite() throws Exception {
        Path out = Files.createDirectories(dir.resolve("shared-folder"));
        Path unrelated = Files.createDirectories(out.resolve("classes")).resolve("in.tif");
        Files.writeString(unrelated, "someone else's file");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.run(new String[] {
                image.toString(), "--model", model.toString(), "--out", out.toString()}));
        assertTrue(e.getMessage().contains("outputs for in.tif exist") && e.getMessage().contains("(classes/in.tif)")
                && e.getMessage().contains("--overwrite replaces them"), e.getMessage());
        assertEquals("someone else's file", Files.readString(unrelated));
        Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out", out.toString(),
                "--overwrite"});
        assertEquals(80, IJ.openImage(unrelated.toString()).getWidth());
        assertEquals(Path.of("pixelwise-out"), Path.of(Segment.DEFAULT_OUT));
    }

    /** --out naming a file says so; a folder of DICOM slices is segmented as one series, as the macro does. */
    @Test
    void outputFolderProblemsSayWhyAndADicomFolderIsASeries() throws Exception {
        Path file = Files.writeString(dir.resolve("outfile"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.run(new String[] {
                image.toString(), "--model", model.toString(), "--out", file.toString()}));
        assertTrue(e.getMessage().endsWith("outfile is a file, not a folder"), e.getMessage());
        Path series = Files.createDirectories(dir.resolve("series"));
        for (int k = 0; k < 3; k++) {
            io.pixelwise.ij.DicomFixture.slice(series.resolve("IM" + k + ".dcm"), k + 1, 2.0 * k,
                    new double[] {0.5, 0.5}, 40, 32, new short[40 * 32]);
        }
        List<Path> written = Segment.run(new String[] {series.toString(), "--model", model.toString(), "--out",
                dir.resolve("series-out").toString()});
        ImagePlus classes = IJ.openImage(written.get(0).toString());
        assertEquals(3, classes.getStackSize(), "one class plane per slice");
        assertEquals(0.5, classes.getCalibration().pixelWidth, 1e-9);
    }
}
