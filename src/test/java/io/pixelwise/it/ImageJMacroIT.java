package io.pixelwise.it;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.StackStatistics;
import io.pixelwise.ij.DicomFixture;
import io.pixelwise.io.CsvTables;
import io.pixelwise.io.Nifti;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Installs the build's install layout ({@code target/fiji}) into a fresh ImageJ 1.x home and runs the macros of
 * {@code macros/} through the real ImageJ program under a virtual X display, as a user's headless server would:
 * {@code xvfb-run java -cp "jars/*:plugins/*" io.pixelwise.cli.RunMacro MACRO ARGS --imagej HOME}. One Xvfb serves
 * every run here: xvfb-run, started once per run, now and then failed its own clean-up after the run and replaced the
 * run's exit code with 5. Runs in {@code mvn verify} (after {@code package} built the layout); skips with a message
 * where Xvfb or the shared data is missing.
 */
class ImageJMacroIT {

    private static final Path LAYOUT = Path.of(System.getProperty("pixelwise.layout", "target/fiji"));
    private static final Path IMAGEJ_JARS = Path.of(System.getProperty("pixelwise.imagejJars", "target/imagej-jars"));
    private static final Path WORK = Path.of(System.getProperty("pixelwise.itDir", "target/it"));
    private static final Path NUCLEI = Path.of("../shared/data/dsb2018_nuclei/images");
    private static final long TIMEOUT_S = 300;

    private static Path home;
    private static Process xvfb;
    /** The virtual display every run draws on, ":N". */
    private static String display;

    @BeforeAll
    static void install() throws IOException {
        assumeTrue(onPath("Xvfb"), "Xvfb is not installed (Debian: apt-get install xvfb); skipping the ImageJ run");
        assertTrue(Files.isDirectory(LAYOUT.resolve("plugins")), "no install layout in " + LAYOUT.toAbsolutePath()
                + ": run through 'mvn verify', which packages it first");
        home = emptyFolder("imagej-home");
        copyTree(LAYOUT, home);
        copyTree(IMAGEJ_JARS, home.resolve("jars"));
        // -displayfd: Xvfb picks a free display and writes its number once it accepts connections
        xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1100x720x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String number = new java.io.BufferedReader(new java.io.InputStreamReader(xvfb.getInputStream(),
                java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        assertTrue(number != null && number.strip().matches("\\d+"), "Xvfb did not start: " + number);
        display = ":" + number.strip();
    }

    @AfterAll
    static void stopDisplay() {
        if (xvfb != null) {
            xvfb.destroy();
        }
    }

    /** A process of {@code command} drawing on the virtual display. */
    private static ProcessBuilder onDisplay(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DISPLAY", display);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return pb;
    }

    @Test
    void batchSegmentWritesLabelsRoisAndTablesAndSkipsBadFiles() throws Exception {
        assumeTrue(Files.isDirectory(NUCLEI), "shared data not present: " + NUCLEI.toAbsolutePath());
        Path input = emptyFolder("batch-input");
        Path output = emptyFolder("batch-output");
        List<String> good;
        try (Stream<Path> s = Files.list(NUCLEI)) {
            good = s.map(p -> p.getFileName().toString()).sorted().limit(3).toList();
        }
        for (String name : good) {
            Files.copy(NUCLEI.resolve(name), input.resolve(name));
        }
        Files.writeString(input.resolve("corrupt.png"), "not a PNG");
        Files.write(input.resolve("empty.tif"), new byte[0]);
        // A NIfTI volume opens as the command line's Batch opens it (ImageJ alone cannot read .nii.gz).
        Files.copy(Path.of("models/hippocampus-mri/samples/hippocampus_099.nii.gz"), input.resolve("scan.nii.gz"));
        // A TIFF that is not one, and one cut short: errors in the summary, not a dialog or zeros filled in.
        Files.writeString(input.resolve("not-a.tif"), "text");
        Path whole = WORK.resolve("whole.tif");
        new FileSaver(IJ.openImage(NUCLEI.resolve(good.get(0)).toString())).saveAsTiff(whole.toString());
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(input.resolve("cut.tif"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Map<String, String> before = hashes(input);

        String log = runMacro("batch_segment.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] model=nuclei-fluo");

        Map<String, String[]> summary = summary(output.resolve("summary.csv"));
        assertEquals(8, summary.size(), "one summary row per file:\n" + summary.keySet() + "\n" + log);
        assertEquals("done", summary.get("scan.nii.gz")[1], String.join(",", summary.get("scan.nii.gz")));
        assertTrue(summary.get("not-a.tif")[3].contains("is not a TIFF file"), String.join(",", summary.get("not-a.tif")));
        assertTrue(summary.get("cut.tif")[3].contains("is truncated"), String.join(",", summary.get("cut.tif")));
        for (String name : good) {
            String[] row = summary.get(name);
            assertEquals("done", row[1], name + ": " + String.join(",", row) + "\n" + log);
            int objects = Integer.parseInt(row[2]);
            assertTrue(objects > 0, name + " has nuclei");
            String base = name.substring(0, name.lastIndexOf('.'));
            ImagePlus instances = IJ.openImage(output.resolve("instances/" + base + ".tif").toString());
            assertEquals(objects, (int) instances.getStatistics().max, "instance ids 1..n in " + base);
            ImagePlus image = IJ.openImage(input.resolve(name).toString());
            assertEquals(image.getWidth(), instances.getWidth());
            assertEquals(image.getHeight(), instances.getHeight());
            List<String> regions = Files.readAllLines(output.resolve("tables/" + base + "-regions.csv"));
            assertEquals(objects + 1, regions.size(), "a header and one row per object in " + base);
            assertTrue(Files.size(output.resolve("rois/" + base + ".zip")) > 0);
            assertTrue(Files.exists(output.resolve("classes/" + base + ".tif")));
        }
        assertEquals("failed", summary.get("corrupt.png")[1]);
        assertTrue(summary.get("corrupt.png")[3].contains("cannot open"), String.join(",", summary.get("corrupt.png")));
        assertEquals("failed", summary.get("empty.tif")[1]);
        assertTrue(summary.get("empty.tif")[3].contains("empty"));
        assertEquals(before, hashes(input), "input files are byte-identical afterwards");

        // Evaluate the batch's instance labels against the DSB ground truth with the evaluation macro.
        Path truth = emptyFolder("batch-truth");
        Path tables = emptyFolder("batch-evaluation");
        for (String name : good) {
            Files.copy(NUCLEI.resolveSibling("labels").resolve(name), truth.resolve(name));
        }
        String evalLog = runMacro("evaluate_folder.ijm", "prediction=[" + output.toAbsolutePath() + "] truth=["
                + truth.toAbsolutePath() + "] output=[" + tables.toAbsolutePath() + "] labels=instances");
        List<String> perImage = Files.readAllLines(tables.resolve("batch-output-evaluation-images.csv"));
        assertEquals(5, perImage.size(), "header, the three segmented images, and the scan without a ground truth:\n"
                + perImage + "\n" + evalLog);
        List<String> perTau = Files.readAllLines(tables.resolve("batch-output-evaluation-instances.csv"));
        assertEquals(11, perTau.size(), "IoU 0.5 ... 0.95");
        int ap = List.of(perTau.get(0).split(",")).indexOf("AP");
        double ap50 = Double.parseDouble(perTau.get(1).split(",")[ap]);
        assertTrue(ap50 > 0.5, "AP@0.5 of the shipped nuclei model on three DSB images: " + ap50);

        // A second run must not overwrite what the first wrote, and its summary keeps the first run's counts.
        String first = Files.readString(output.resolve("tables/" + good.get(0).replaceFirst("\\.[^.]+$", "") + "-regions.csv"));
        CsvTables.Table firstSummary = CsvTables.read(output.resolve("summary.csv"));
        runMacro("batch_segment.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath() + "]");
        assertRerunSkipsWithTheSameNumbers(firstSummary, output.resolve("summary.csv"));
        assertEquals(first, Files.readString(output.resolve("tables/" + good.get(0).replaceFirst("\\.[^.]+$", "")
                + "-regions.csv")));
        assertEquals(before, hashes(input));

        // A run killed before an image's last output (its table) left it unfinished: the next run does it again.
        Path table = output.resolve("tables/" + good.get(1).replaceFirst("\\.[^.]+$", "") + "-regions.csv");
        Files.delete(table);
        runMacro("batch_segment.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath() + "]");
        Map<String, String[]> again = summary(output.resolve("summary.csv"));
        assertEquals("done", again.get(good.get(1))[1], String.join(",", again.get(good.get(1))));
        assertEquals("skipped", again.get(good.get(0))[1], String.join(",", again.get(good.get(0))));
        assertTrue(Files.exists(table));
        assertNoTemporaryFiles(output);
    }

    /**
     * A folder with a two-colour image (the nuclei in channel 2, noise in channel 1) and an RGB merge, run with
     * extra=[channels=2 exclude] ring=2: both are segmented on their nuclear channel, to the bundled sample's nuclei
     * not cut by the image's edge, and measured in every channel and in a ring around each nucleus (an RGB file used
     * to fail at Measure Regions after its labels were written).
     */
    @Test
    void batchSegmentsTheChosenChannelAndMeasuresEveryChannel() throws Exception {
        Path input = emptyFolder("channels-input");
        Path output = emptyFolder("channels-output");
        ImagePlus sample = IJ.openImage(Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png").toString());
        ImagePlus two = IJ.createHyperStack("two colour", sample.getWidth(), sample.getHeight(), 2, 1, 1, 8);
        two.getStack().getProcessor(1).noise(60);
        two.getStack().setPixels(((byte[]) sample.getProcessor().getPixels()).clone(), 2);
        new FileSaver(two).saveAsTiff(input.resolve("two colour.tif").toString());
        new FileSaver(new ImagePlus("merge", sample.getProcessor().convertToRGB()))
                .saveAsPng(input.resolve("merge (rgb).png").toString());

        String log = runMacro("batch_segment.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] extra=[channels=2 exclude] ring=2");

        Map<String, String[]> summary = summary(output.resolve("summary.csv"));
        assertEquals("done", summary.get("two colour.tif")[1], String.join(",", summary.get("two colour.tif")) + log);
        assertEquals("done", summary.get("merge (rgb).png")[1], String.join(",", summary.get("merge (rgb).png")));
        assertEquals(summary.get("two colour.tif")[2], summary.get("merge (rgb).png")[2], "the sample's nuclei twice");
        String twoHeader = Files.readAllLines(output.resolve("tables/two colour-regions.csv")).get(0);
        assertTrue(twoHeader.endsWith("Mean C1,Min C1,Max C1,StdDev C1,Median C1,IntDen C1,RawIntDen C1,"
                + "Mean C2,Min C2,Max C2,StdDev C2,Median C2,IntDen C2,RawIntDen C2,Ring pixels,Ring mean C1,"
                + "Ring mean C2"), twoHeader);
        CsvTables.Table regions = CsvTables.read(output.resolve("tables/two colour-regions.csv"), "BX", "BY");
        int nuclei = Integer.parseInt(summary.get("two colour.tif")[2]);
        assertTrue(nuclei > 40 && nuclei < 79, "the sample's 79 nuclei less those on its edge: " + nuclei);
        assertEquals(nuclei, regions.rows().size());
        for (Map<String, String> r : regions.rows()) {
            double x = Double.parseDouble(r.get("BX"));
            double y = Double.parseDouble(r.get("BY"));
            assertTrue(x > 0 && y > 0 && x + Double.parseDouble(r.get("Width")) < sample.getWidth()
                    && y + Double.parseDouble(r.get("Height")) < sample.getHeight(), "inside the frame: " + r);
        }
        String rgbHeader = Files.readAllLines(output.resolve("tables/merge (rgb)-regions.csv")).get(0);
        assertTrue(rgbHeader.contains("Mean red,") && rgbHeader.contains("Mean green,")
                && rgbHeader.contains("Mean blue,"), rgbHeader);
        assertNoTemporaryFiles(output);
    }

    /** Volumes per class in the summary must equal voxel counts x voxel volume of the label files written. */
    @Test
    void medicalVolumesWritesAlignedLabelVolumesAndVolumesPerClass() throws Exception {
        Path mri = Path.of("../shared/data/msd_hippocampus_mri/imagesTr");
        assumeTrue(Files.isDirectory(mri), "shared data not present: " + mri.toAbsolutePath());
        Path input = emptyFolder("mri-input");
        Path output = emptyFolder("mri-output");
        List<String> scans = List.of("hippocampus_001.nii.gz", "hippocampus_003.nii.gz");
        for (String name : scans) {
            Files.copy(mri.resolve(name), input.resolve(name));
        }
        // The second scan again, as a DICOM series named in reverse slice order: same voxels rounded to integers.
        Nifti.Volume asDicom = Nifti.read(mri.resolve(scans.get(1)));
        Path series = Files.createDirectories(input.resolve("series003"));
        for (int z = 0; z < asDicom.depth(); z++) {
            float[] f = (float[]) asDicom.planes()[z];
            short[] px = new short[f.length];
            for (int i = 0; i < f.length; i++) {
                px[i] = (short) Math.round(f[i]);
            }
            DicomFixture.slice(series.resolve(String.format("x%03d.dcm", asDicom.depth() - 1 - z)), z + 1,
                    z * asDicom.spacing()[2], new double[]{asDicom.spacing()[1], asDicom.spacing()[0]},
                    asDicom.width(), asDicom.height(), px);
        }
        byte[] whole = Files.readAllBytes(mri.resolve(scans.get(0)));
        Files.write(input.resolve("truncated.nii.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(input.resolve("notes.nii"), "not a NIfTI header at all");
        Map<String, String> before = hashes(input);

        String log = runMacro("medical_volumes.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] model=hippocampus-mri");

        List<String> lines = Files.readAllLines(output.resolve("summary.csv"), StandardCharsets.UTF_8);
        assertEquals("file,status,class,voxels,volume,unit,message", lines.get(0));
        for (String name : scans) {
            Nifti.Volume scan = Nifti.read(input.resolve(name));
            Nifti.Volume labels = Nifti.read(output.resolve(name.replace(".nii.gz", "-classes.nii.gz")));
            assertEquals(scan.width() + "x" + scan.height() + "x" + scan.depth(),
                    labels.width() + "x" + labels.height() + "x" + labels.depth());
            assertArrayEquals(scan.spacing(), labels.spacing());
            assertEquals(scan.orientation().encode(), labels.orientation().encode(), "same place in scanner space");
            long[] voxels = new long[3];
            assertEquals(Nifti.PixelType.UINT16, labels.type(), "Segment Image's 16-bit class image");
            for (Object plane : labels.planes()) {
                for (short v : (short[]) plane) {
                    voxels[v]++;
                }
            }
            double voxelVolume = scan.spacing()[0] * scan.spacing()[1] * scan.spacing()[2];
            String[] classes = {"background", "anterior", "posterior"};
            for (int c = 1; c < 3; c++) {
                String prefix = name + ",done," + classes[c] + ",";
                String row = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                        .orElseThrow(() -> new AssertionError("no row " + prefix + " in " + lines + "\n" + log));
                String[] f = row.split(",");
                assertTrue(voxels[c] > 100, name + " " + classes[c] + " found: " + voxels[c]);
                assertEquals(voxels[c], Long.parseLong(f[3]), row);
                assertEquals(voxels[c] * voxelVolume, Double.parseDouble(f[4]), 1e-3, row);
                assertEquals("mm³", f[5], row);
            }
            assertTrue(Files.exists(output.resolve(name.replace(".nii.gz", "-classes-area-per-slice.png"))));
        }
        for (String c : new String[]{"anterior", "posterior"}) {
            double nifti = volume(lines, scans.get(1), c);
            double dicom = volume(lines, "series003", c);
            assertEquals(nifti, dicom, 0.05 * nifti, c + ": the DICOM series measures like the NIfTI it came from");
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("truncated.nii.gz,failed,") && l.contains("truncated")
                || l.startsWith("truncated.nii.gz,failed,") && l.contains("damaged")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("notes.nii,failed,") && l.contains("NIfTI")),
                String.join("\n", lines));
        assertEquals(before, hashes(input), "input files are byte-identical afterwards");

        CsvTables.Table firstSummary = CsvTables.read(output.resolve("summary.csv"));
        runMacro("medical_volumes.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath()
                + "]");
        assertRerunSkipsWithTheSameNumbers(firstSummary, output.resolve("summary.csv"));
        assertNoTemporaryFiles(output);
    }

    /** Each cutout must be its object's bounding box plus margin, the image inside the object and 0 outside. */
    @Test
    void cutOutObjectsWritesOneClearedCropPerObject() throws Exception {
        assumeTrue(Files.isDirectory(NUCLEI), "shared data not present: " + NUCLEI.toAbsolutePath());
        Path input = emptyFolder("cut-input");
        Path output = emptyFolder("cut-output");
        String name;
        try (Stream<Path> s = Files.list(NUCLEI)) {
            name = s.map(p -> p.getFileName().toString()).sorted().skip(5).findFirst().orElseThrow();
        }
        Files.copy(NUCLEI.resolve(name), input.resolve(name));
        Files.writeString(input.resolve("readme.tif"), "text, not a TIFF");
        Map<String, String> before = hashes(input);
        int margin = 3;

        String log = runMacro("cut_out_objects.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] margin=" + margin);

        Map<String, String[]> summary = summary(output.resolve("summary.csv"));
        assertEquals("done", summary.get(name)[1], String.join(",", summary.get(name)) + "\n" + log);
        assertEquals("failed", summary.get("readme.tif")[1]);
        int objects = Integer.parseInt(summary.get(name)[2]);
        String base = name.substring(0, name.lastIndexOf('.'));
        ImagePlus image = IJ.openImage(input.resolve(name).toString());
        ImagePlus labels = IJ.openImage(output.resolve(base + "-instances.tif").toString());
        int w = labels.getWidth();
        int h = labels.getHeight();
        int[] minX = new int[objects + 1], minY = new int[objects + 1], maxX = new int[objects + 1], maxY = new int[objects + 1];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = (int) labels.getProcessor().getf(x, y);
                minX[l] = Math.min(minX[l], x);
                minY[l] = Math.min(minY[l], y);
                maxX[l] = Math.max(maxX[l], x);
                maxY[l] = Math.max(maxY[l], y);
            }
        }
        for (int l = 1; l <= objects; l++) {
            ImagePlus cut = IJ.openImage(output.resolve(base + "-" + l + ".tif").toString());
            assertTrue(cut != null, "cutout " + l + " of " + objects);
            int x0 = Math.max(0, minX[l] - margin);
            int y0 = Math.max(0, minY[l] - margin);
            assertEquals(Math.min(w - 1, maxX[l] + margin) - x0 + 1, cut.getWidth(), "width of " + l);
            assertEquals(Math.min(h - 1, maxY[l] + margin) - y0 + 1, cut.getHeight(), "height of " + l);
            for (int y = 0; y < cut.getHeight(); y++) {
                for (int x = 0; x < cut.getWidth(); x++) {
                    boolean inside = (int) labels.getProcessor().getf(x0 + x, y0 + y) == l;
                    float expected = inside ? image.getProcessor().getf(x0 + x, y0 + y) : 0;
                    assertEquals(expected, cut.getProcessor().getf(x, y), "cutout " + l + " at " + x + "," + y);
                }
            }
        }
        assertEquals(before, hashes(input));

        // A run killed while cutting out has no instance labels yet (they are written last): the next run finishes
        // the image instead of skipping it.
        Map<String, String> written = hashes(output);
        Files.delete(output.resolve(base + "-instances.tif"));
        Files.delete(output.resolve(base + "-" + objects + ".tif"));
        runMacro("cut_out_objects.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath()
                + "] margin=" + margin);
        assertEquals("done", summary(output.resolve("summary.csv")).get(name)[1]);
        written.remove("summary.csv");
        Map<String, String> again = hashes(output);
        again.remove("summary.csv");
        assertEquals(written, again, "the same files again");
        assertNoTemporaryFiles(output);

        CsvTables.Table firstSummary = CsvTables.read(output.resolve("summary.csv"));
        runMacro("cut_out_objects.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath()
                + "] margin=" + margin);
        assertRerunSkipsWithTheSameNumbers(firstSummary, output.resolve("summary.csv"));
    }

    /**
     * The GUI: every command in the menus, a screenshot of a segmented sample with its ROI overlay, and the macro
     * recorder's line for Segment Image replaying the same instance labels.
     */
    @Test
    void theMenusHaveEveryCommandAndAScreenshotIsTaken() throws Exception {
        Path report = WORK.resolve("menus.txt");
        Path shot = WORK.resolve("imagej-segment-image.png");
        Files.deleteIfExists(report);
        Files.deleteIfExists(shot);
        Path macro = Path.of("src/test/resources/it/gui_screenshot.ijm").toAbsolutePath();
        Path recorded = WORK.resolve("recorder.txt");
        Files.deleteIfExists(recorded);
        String args = "sample=[" + Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png").toAbsolutePath()
                + "] report=[" + report.toAbsolutePath() + "] screenshot=[" + shot.toAbsolutePath() + "] recorder=["
                + recorded.toAbsolutePath() + "]";
        String out = run(List.of("java", "-Xmx4g", "-cp",
                home.resolve("jars").toAbsolutePath() + "/*:" + Path.of("target/test-classes").toAbsolutePath(),
                "ij.ImageJ", "-ijpath", home.toAbsolutePath().toString(), "-macro", macro.toString(), args), "gui");
        assertTrue(Files.exists(report), "the GUI macro finished:\n" + out);
        Map<String, String> found = new TreeMap<>();
        for (String line : Files.readAllLines(report)) {
            String[] f = line.split("\t", -1);
            found.put(f[0], f[1]);
        }
        for (String[] c : new String[][]{{"Segment Image...", "SegmentImagePlugin"}, {"Train Model...", "TrainModelPlugin"},
                {"Measure Regions...", "MeasureRegionsPlugin"}, {"Filter Regions...", "FilterRegionsPlugin"},
                {"Set Pixel Size from Table...", "SetPixelSizePlugin"},
                {"Label to ROIs...", "LabelsToRoisPlugin"},
                {"ROIs to Labels", "RoisToLabelsPlugin"}, {"ROIs to Class Labels", "RoisToLabelsPlugin(\"classes\")"},
                {"Cut Out Objects...", "CutOutPlugin"},
                {"Blur Background...", "BlurBackgroundPlugin"}, {"Evaluate Segmentation...", "EvaluateSegmentationPlugin"},
                {"Diagnostics", "DiagnosticsPlugin"}, {"Run Model...", "ZooPlugin(\"run\")"},
                {"Test Model...", "ZooPlugin(\"test\")"}, {"Export Model to Zoo...", "ZooPlugin(\"export\")"},
                {"Image (Pixelwise)...", "OpenImagePlugin"}, {"NIfTI Volume (Pixelwise)...", "OpenImagePlugin(\"nifti\")"},
                {"Save NIfTI (Pixelwise)...", "SaveNiftiPlugin"}}) {
            assertEquals("io.pixelwise.command." + c[1], found.get(c[0]), "menu command " + c[0]);
        }
        assertTrue(Integer.parseInt(found.get("overlay")) > 50, "ROIs on the overlay: " + found.get("overlay"));
        ImagePlus screenshot = IJ.openImage(shot.toString());
        assertEquals(1100, screenshot.getWidth());
        // Segment Image run as from the menu (dialog accepted with Enter) is recorded, and the line replays it.
        assertTrue(Files.exists(recorded), "the recorder check finished:\n" + out);
        List<String> rec = Files.readAllLines(recorded);
        assertTrue(rec.get(0).startsWith("recorded: run(\"Segment Image...\", \"model=nuclei-fluo model_folder=[] "
                + "class instance rois=Overlay"), String.join("\n", rec));
        // A first-time user sees the essentials: the advanced step was not asked for, so none of its keys is there.
        assertTrue(!rec.get(0).contains("tile=") && !rec.get(0).contains("threads="), String.join("\n", rec));
        assertEquals("same: true", rec.get(1), String.join("\n", rec));
        String docs = System.getProperty("pixelwise.docs");
        if (docs != null) {
            Files.createDirectories(Path.of(docs));
            Files.copy(shot, Path.of(docs, shot.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void fetalHeadCircumferenceMacroMeasuresHcInMillimetresFromAPixelSizeTable() throws Exception {
        Path hc18 = Path.of("../shared/data/hc18_fetal_head_us");
        assumeTrue(Files.isDirectory(hc18), "shared data not present: " + hc18.toAbsolutePath());
        Path input = emptyFolder("hc-input");
        Path output = emptyFolder("hc-output");
        Map<String, String[]> table = new TreeMap<>();
        for (Map<String, String> row : CsvTables.read(hc18.resolve("pixel_size_and_HC.csv")).rows()) {
            table.put(row.get("filename"), new String[]{row.get("pixel_size_mm"), row.get("head_circumference_mm")});
        }
        // Two scans as they are, one renamed with a space and parentheses, one left out of the table.
        Map<String, String> copies = Map.of("000_HC.png", "000_HC.png", "123_HC.png", "123_HC.png",
                "scan (7).png", "010_HC.png", "unlisted.png", "001_HC.png");
        StringBuilder sizes = new StringBuilder("filename,pixel_size_mm\n");
        for (Map.Entry<String, String> c : copies.entrySet()) {
            Files.copy(hc18.resolve("images").resolve(c.getValue()), input.resolve(c.getKey()));
            if (!c.getKey().equals("unlisted.png")) {
                sizes.append('"').append(c.getKey()).append("\",").append(table.get(c.getValue())[0]).append('\n');
            }
        }
        Path sizeTable = emptyFolder("hc-table").resolve("pixel sizes.csv");
        Files.writeString(sizeTable, sizes);
        Map<String, String> before = hashes(input);

        String log = runMacro("fetal_head_circumference.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] sizes=[" + sizeTable.toAbsolutePath() + "]");

        CsvTables.Table summary = CsvTables.read(output.resolve("summary.csv"), "file", "status");
        assertEquals(List.of("file", "status", "HC_mm", "BPD_mm", "OFD_mm", "pixel_size_mm", "message"),
                summary.columns());
        assertEquals(4, summary.rows().size(), "one row per scan:\n" + log);
        for (Map<String, String> row : summary.rows()) {
            String file = row.get("file");
            if (file.equals("unlisted.png")) {
                assertEquals("failed", row.get("status"));
                assertTrue(row.get("message").contains("is not in the pixel size table"), row.toString());
                continue;
            }
            assertEquals("done", row.get("status"), row + "\n" + log);
            double sonographer = Double.parseDouble(table.get(copies.get(file))[1]);
            double hc = Double.parseDouble(row.get("HC_mm"));
            assertEquals(sonographer, hc, 0.05 * sonographer, file + ": HC in mm");
            double bpd = Double.parseDouble(row.get("BPD_mm"));
            double ofd = Double.parseDouble(row.get("OFD_mm"));
            assertTrue(bpd > 0.6 * ofd && bpd <= ofd, "a head's BPD / OFD: " + row);
            String base = file.substring(0, file.lastIndexOf('.'));
            ImagePlus review = IJ.openImage(output.resolve(base + "-hc.png").toString());
            assertEquals(800, review.getWidth(), "the review PNG is the scan with the ellipse drawn on it");
            assertTrue(Files.exists(output.resolve(base + "-instances-regions.csv")));
        }
        assertNoTemporaryFiles(output);
        assertEquals(before, hashes(input), "scans are byte-identical afterwards");

        runMacro("fetal_head_circumference.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] sizes=[" + sizeTable.toAbsolutePath() + "]");
        assertRerunSkipsWithTheSameNumbers(summary, output.resolve("summary.csv"));
    }

    @Test
    void tumourAreaMacroMeasuresLesionsAndFindsNoneOnANormalScan() throws Exception {
        Path busi = Path.of("../shared/data/busi_breast_us");
        assumeTrue(Files.isDirectory(busi), "shared data not present: " + busi.toAbsolutePath());
        Path input = emptyFolder("tumour-input");
        Path output = emptyFolder("tumour-output");
        // The shipped sample and two more held-out scans, one normal, under BUSI's names with spaces and parentheses.
        Files.copy(Path.of("models/breast-lesion-us/samples/busi-malignant-108.png"), input.resolve("malignant (108).png"));
        for (String name : List.of("benign (13).png", "normal (127).png")) {
            Files.copy(busi.resolve("images").resolve(name), input.resolve(name));
        }
        Files.writeString(input.resolve("not an image.png"), "text");
        Map<String, String> before = hashes(input);

        String log = runMacro("tumour_area.ijm", "input=[" + input.toAbsolutePath() + "] output=["
                + output.toAbsolutePath() + "] pixel=0.1 unit=mm");

        CsvTables.Table summary = CsvTables.read(output.resolve("summary.csv"), "file", "status");
        assertEquals(List.of("file", "status", "lesions", "total_area", "largest_area", "largest_feret",
                "largest_min_feret", "largest_major", "largest_minor", "unit", "message"), summary.columns());
        Map<String, Map<String, String>> rows = new TreeMap<>();
        summary.rows().forEach(r -> rows.put(r.get("file"), r));
        assertEquals(4, rows.size(), "one row per file:\n" + log);
        assertEquals("failed", rows.get("not an image.png").get("status"));
        assertTrue(rows.get("not an image.png").get("message").contains("cannot open"), rows.toString());
        Map<String, String> lesion = rows.get("malignant (108).png");
        assertEquals("done", lesion.get("status"), lesion + "\n" + log);
        assertEquals("1", lesion.get("lesions"), "one lesion in the sample: " + lesion);
        assertEquals("mm", lesion.get("unit"));
        // The summary agrees with Measure Regions' row for the lesion: its pixels at 0.1 x 0.1 mm, its diameters.
        CsvTables.Table regions = CsvTables.read(output.resolve("malignant (108)-instances-regions.csv"), "Pixels",
                "Feret", "MinFeret", "Major", "Minor", "Angle");
        assertEquals(1, regions.rows().size(), "one lesion row: " + regions.rows());
        Map<String, String> row = regions.rows().get(0);
        double area = Double.parseDouble(lesion.get("total_area"));
        assertEquals(Double.parseDouble(row.get("Pixels")) * 0.01, area, 1e-3, "area in mm² of its pixels");
        assertEquals(Double.parseDouble(row.get("Feret")), Double.parseDouble(lesion.get("largest_feret")), 1e-3);
        assertEquals(Double.parseDouble(row.get("MinFeret")), Double.parseDouble(lesion.get("largest_min_feret")),
                1e-3);
        assertEquals(Double.parseDouble(row.get("Major")), Double.parseDouble(lesion.get("largest_major")), 1e-3);
        double feret = Double.parseDouble(lesion.get("largest_feret"));
        double minor = Double.parseDouble(lesion.get("largest_minor"));
        double width = Double.parseDouble(lesion.get("largest_min_feret"));
        assertTrue(area > 1 && feret >= minor && area < feret * feret && width > 0 && width <= feret
                && area <= feret * width, "diameters consistent: " + lesion);
        Map<String, String> normal = rows.get("normal (127).png");
        assertEquals("done", normal.get("status"), normal.toString());
        assertEquals("0", normal.get("lesions"), "no lesion on a normal scan: " + normal);
        assertEquals(List.of(Files.readAllLines(output.resolve("benign (13)-instances-regions.csv")).get(0)),
                Files.readAllLines(output.resolve("normal (127)-instances-regions.csv")),
                "a normal scan's table: its headings and no row, not an empty file");
        for (String file : List.of("malignant (108)", "normal (127)", "benign (13)")) {
            ImagePlus review = IJ.openImage(output.resolve(file + "-lesions.png").toString());
            assertEquals(IJ.openImage(input.resolve(file + ".png").toString()).getWidth(), review.getWidth(), file);
        }
        assertNoTemporaryFiles(output);
        assertEquals(before, hashes(input), "scans are byte-identical afterwards");

        runMacro("tumour_area.ijm", "input=[" + input.toAbsolutePath() + "] output=[" + output.toAbsolutePath()
                + "] pixel=0.1 unit=mm");
        assertRerunSkipsWithTheSameNumbers(summary, output.resolve("summary.csv"));
    }

    /**
     * What hung ImageJ -batch forever: a macro error, a missing or misspelt argument, a command without an image, a
     * non-number for a number. Under RunMacro each ends at once with its message and an exit code.
     */
    @Test
    void theHeadlessRunnerEndsEveryHangWithItsMessageAndAnExitCode() throws Exception {
        Path sample = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png").toAbsolutePath();
        Path dir = emptyFolder("runner");
        Files.writeString(dir.resolve("syntax.ijm"), "x = ;\n");
        Files.writeString(dir.resolve("no-image.ijm"), "setBatchMode(true);\nrun('Segment Image...', 'model=nuclei-fluo');\n"
                + "print('error: ' + call('io.pixelwise.command.Dialogs.lastError'));\n");
        Files.writeString(dir.resolve("tile.ijm"), "setBatchMode(true);\nopen('" + sample + "');\n"
                + "run('Segment Image...', 'model=nuclei-fluo tile=abc');\n");
        Files.writeString(dir.resolve("loop.ijm"), "while (true) wait(100);\n");
        Path images = emptyFolder("runner-images");
        Files.copy(sample, images.resolve("a.png"));
        Object[][] cases = {
            {dir.resolve("syntax.ijm"), "", 2, "'Macro Error': Number or numeric function expected"},
            {dir.resolve("no-image.ijm"), "", 0, "error: Segment Image: no image is open"},
            {dir.resolve("tile.ijm"), "", 2, "Key: \"tile\""},
            {Path.of("macros/batch_segment.ijm"), "input=[" + images.toAbsolutePath() + "]", 1,
                "batch_segment.ijm failed: Batch Segment: input= and output= are needed"},
            {Path.of("macros/batch_segment.ijm"), "inptu=[" + images.toAbsolutePath() + "] output=[/tmp/x]", 1,
                "unknown argument(s) inptu; the arguments are input,output,model,tile,extra,ring,overwrite"},
            {Path.of("macros/fetal_head_circumference.ijm"), "input=[" + images.toAbsolutePath() + "] output=[/tmp/x]", 1,
                "input=, output= and sizes= are needed"},
            {dir.resolve("loop.ijm"), "", 124, "did not finish in 3 s"},
        };
        for (Object[] c : cases) {
            Path macro = (Path) c[0];
            List<String> command = new ArrayList<>(List.of("java", "-Xmx2g", "-cp", classPath(),
                    "io.pixelwise.cli.RunMacro", macro.toAbsolutePath().toString()));
            if (!((String) c[1]).isEmpty()) {
                command.add((String) c[1]);
            }
            command.addAll(List.of("--imagej", home.toAbsolutePath().toString(), "--timeout", "3"));
            Path log = WORK.resolve("runner-" + macro.getFileName() + ".log");
            Process p = onDisplay(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), macro + " ended by itself");
            String out = Files.readString(log);
            assertEquals(c[2], p.exitValue(), macro + " " + c[1] + ":\n" + out);
            assertTrue(out.contains((String) c[3]), macro + ": expected '" + c[3] + "' in\n" + out);
        }
    }

    private static double volume(List<String> summary, String file, String cls) {
        String prefix = file + ",done," + cls + ",";
        return Double.parseDouble(summary.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + summary)).split(",")[4]);
    }

    /**
     * A Train Model line as the recorder wrote it before the option spec (keys x, y, input, context) still trains,
     * with what those keys meant: the model card records the settings.
     */
    @Test
    void aTrainModelMacroRecordedWithOlderKeysStillTrains() throws Exception {
        Path data = emptyFolder("train-data");
        io.pixelwise.SyntheticCells.write(data, 5);
        Path out = emptyFolder("old-keys-model");
        Path macro = WORK.resolve("old-keys-train.ijm");
        Files.writeString(macro, "run('Train Model...', 'training=Folders images=[" + data.resolve("images")
                + "] labels=[" + data.resolve("labels") + "] mode=instances classes=[] name=old-keys output=[" + out
                + "] epochs=1 steps=2 patch=32 batch=2 learning=0.00100 depth=2 filters=4 dropout=0 input=2 "
                + "context=0 normalise=plane dice=0 weights=[] validation=0.40 seed=7 patience=10 minimum=0 "
                + "fine-tune=[] y rotations threads=1');\n"
                + "print('error: [' + call('io.pixelwise.command.Dialogs.lastError') + ']');\n");
        String log = runMacro(macro, "");
        assertTrue(log.contains("error: []") && Files.isRegularFile(out.resolve("saved_model.pb")), log);
        var c = io.pixelwise.train.TrainingConfig.read(out.resolve("training.json"));
        assertEquals(2, c.network.input_scale, "input=2 is the downscale factor");
        assertEquals(7, c.seed);
        assertTrue(!c.augment.flip_x && c.augment.flip_y && c.augment.rotations && !c.augment.intensity,
                "ticked checkboxes x/y/rotations/intensity as recorded");
        assertEquals("old-keys", c.name);
    }

    /**
     * Filter Regions in a batch macro: the sample's annotated nuclei without those under 50 pixels or on the image's
     * edge, as the core's LabelFilter decides, ids kept; then Measure Regions on the result measures just those.
     */
    @Test
    void filterRegionsInABatchMacroKeepsWholeNucleiForMeasureRegions() throws Exception {
        Path labels = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");
        boolean[] keep = io.pixelwise.regions.LabelFilter.keep(
                io.pixelwise.ij.ImagePlusViews.labels(IJ.openImage(labels.toString())), 50,
                io.pixelwise.regions.LabelFilter.NO_MAXIMUM, true);
        int expected = 0;
        for (boolean k : keep) {
            expected += k ? 1 : 0;
        }
        Path macro = WORK.resolve("filter-regions.ijm");
        Files.writeString(macro, String.join("\n",
                "setBatchMode(true);",
                "open('" + labels.toAbsolutePath() + "');",
                "run('Filter Regions...', 'label=dsb2018-04acab76-labels.png minimum=50 exclude');",
                "print('title: ' + getTitle());",
                "run('Measure Regions...', 'label=dsb2018-04acab76-labels-filtered intensity=None class=None');",
                "print('regions: ' + Table.size('Regions'));",
                "print('error: [' + call('io.pixelwise.command.Dialogs.lastError') + ']');", ""));
        String out = runMacro(macro, "");
        assertTrue(out.contains("title: dsb2018-04acab76-labels-filtered") && out.contains("error: []"), out);
        assertTrue(expected > 40 && out.contains("regions: " + expected), expected + " expected:\n" + out);
    }

    @Test
    void aMisspeltMacroKeyIsNamedAndNothingRuns() throws Exception {
        Path macro = WORK.resolve("misspelt-key.ijm");
        Files.writeString(macro, String.join("\n",
                "setBatchMode(true);",
                "open('" + Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png").toAbsolutePath() + "');",
                "run('Segment Image...', 'model=nuclei-fluo tilesize=512 class instance rois=None');",
                "print('images: ' + nImages);",
                "print('error: ' + call('io.pixelwise.command.Dialogs.lastError'));",
                "run('Measure Regions...', 'label=[no such image]');",
                "print('measure: ' + call('io.pixelwise.command.Dialogs.lastError'));", ""));
        String out = runMacro(macro, "");
        assertTrue(out.contains("images: 1"), "no output image after the rejected options:\n" + out);
        assertTrue(out.contains("error: Segment Image: unknown macro option tilesize; the options of Segment Image are: "
                + "model, model_folder, class, instance, rois, channels, 3d,"), out);
        assertTrue(out.contains("measure: Measure Regions: no image named 'no such image' is open (the label image); "
                + "open images: dsb2018-04acab76.png"), out);
    }

    /**
     * Annotation in a macro: ROIs put in ROI groups per class become a class image with ROIs to Class Labels, and a
     * ROI without a group is an error in the Log and Dialogs.lastError, not a dialog.
     */
    @Test
    void roiGroupsBecomeAClassImageInABatchMacro() throws Exception {
        Path macro = WORK.resolve("class-labels.ijm");
        Files.writeString(macro, String.join("\n",
                "setBatchMode(true);",
                "newImage('scan', '8-bit black', 40, 30, 1);",
                "makeRectangle(2, 2, 10, 8); Roi.setGroup(1); Overlay.addSelection;",
                "makeOval(20, 5, 12, 12); Roi.setGroup(2); Overlay.addSelection;",
                "run('ROIs to Class Labels');",
                "n = newArray(0, 0, 0);",
                "for (y = 0; y < getHeight(); y++) for (x = 0; x < getWidth(); x++) n[getPixel(x, y)] += 1;",
                "print('class image: ' + getTitle() + ' tumour ' + n[1] + ' organ ' + n[2]);",
                "selectImage('scan');",
                "makeRectangle(30, 25, 3, 3); Overlay.addSelection;",
                "run('ROIs to Class Labels');",
                "print('error: ' + call('io.pixelwise.command.Dialogs.lastError'));", ""));
        String out = runMacro(macro, "");
        assertTrue(out.contains("class image: scan-classes tumour 80 organ "), out);
        assertTrue(out.contains("error: ROIs to Class Labels: ROI at x=30, y=25 (3 x 3) is in no ROI group"), out);
    }

    @Test
    void theReadmesZooMacrosExportTestAndSegmentWithAPackage() throws Exception {
        Path zip = WORK.resolve("zoo/nuclei-fluo.zip");
        Files.deleteIfExists(zip);
        Path macro = WORK.resolve("zoo.ijm");
        Files.writeString(macro, String.join("\n",
                "setBatchMode(true);",
                "run('Export Model to Zoo...', 'model=nuclei-fluo package=[" + zip + "]');",
                "print('export: [' + call('io.pixelwise.command.Dialogs.lastError') + ']');",
                "run('Test Model...', 'model=[" + zip + "]');",
                "print('test: [' + call('io.pixelwise.command.Dialogs.lastError') + ']');",
                "open('" + Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png").toAbsolutePath() + "');",
                "run('Segment Image...', 'model=[" + zip + "] class instance rois=None');",
                "print('segment: [' + call('io.pixelwise.command.Dialogs.lastError') + '] images: ' + nImages);",
                "selectImage(1);",
                "run('Run Model...', 'model=[" + zip + "] tile=0');",
                "getDimensions(w, h, channels, slices, frames);",
                "print('run: [' + call('io.pixelwise.command.Dialogs.lastError') + '] ' + getTitle() + ' channels: '"
                        + " + channels);",
                "selectImage(1);",
                "run('Duplicate...', 'title=two');",
                "run('Add Slice');",
                "Stack.setDimensions(2, 1, 1);",
                "run('Run Model...', 'model=[" + zip + "] channels=1 tile=0');",
                "print('run channel 1: [' + call('io.pixelwise.command.Dialogs.lastError') + '] ' + getTitle());",
                "run('Test Model...', 'model=[" + WORK.resolve("zoo/none.zip") + "]');",
                "print('missing: ' + call('io.pixelwise.command.Dialogs.lastError'));",
                "print(getInfo('log'));", ""));
        String out = runMacro(macro, "");
        assertTrue(out.contains("export: []") && Files.isRegularFile(zip), out);
        assertTrue(out.contains("test: []") && out.contains("Test Model: " + zip + ": passed: max difference"), out);
        assertTrue(out.contains("segment: [] images: 3"), "the image, its classes and instances:\n" + out);
        assertTrue(out.contains("run: [] dsb2018-04acab76-probabilities channels: 2"), "Run Model's output, one "
                + "channel per class (background, nucleus; the 8 distance levels summed):\n" + out);
        assertTrue(out.contains("run channel 1: [] two-probabilities"), "Run Model on a channel of two:\n" + out);
        assertTrue(out.contains("missing: Test Model: ") && out.contains("none.zip"), out);
    }

    @Test
    void aVirtualStackIsSegmentedPlaneByPlaneIntoAFolder() throws Exception {
        ImageProcessor sample = IJ.openImage("models/nuclei-fluo/samples/dsb2018-04acab76.png")
                .getProcessor();
        ImageStack planes = new ImageStack(192, 160);
        for (int z = 0; z < 3; z++) {
            sample.setRoi(30 * z, 40 * z, 192, 160);
            planes.addSlice(sample.crop().convertToShort(false));
        }
        Path in = emptyFolder("virtual-in").resolve("stack.tif");
        new FileSaver(new ImagePlus("stack", planes)).saveAsTiffStack(in.toString());
        String before = hashes(in.getParent()).toString();
        Path out = emptyFolder("virtual-out");
        Path macro = WORK.resolve("virtual-stack.ijm");
        Files.writeString(macro, String.join("\n",
                "setBatchMode(true);",
                "run('TIFF Virtual Stack...', 'open=[" + in.toAbsolutePath() + "]');",
                "print('input virtual: ' + is('Virtual Stack'));",
                "run('Segment Image...', 'model=nuclei-fluo class instance rois=None folder=[" + out.toAbsolutePath()
                        + "]');",
                "print('images: ' + nImages + ', result virtual: ' + is('Virtual Stack') + ', slices: ' + nSlices);",
                "print('error: ' + call('io.pixelwise.command.Dialogs.lastError'));", ""));
        String log = runMacro(macro, "");
        assertTrue(log.contains("input virtual: 1"), log);
        assertTrue(log.contains("images: 3, result virtual: 1, slices: 3"), log);
        assertTrue(log.contains("plane by plane into " + out.toAbsolutePath()), log);
        assertTrue(log.contains("error: \n") || log.endsWith("error: "), log);
        ImagePlus instances = IJ.openImage(out.resolve("instances/stack.tif").toString());
        int objects = (int) new StackStatistics(instances).max;
        assertTrue(objects > 20, "nuclei found: " + objects);
        try (ZipFile rois = new ZipFile(out.resolve("rois/stack.zip").toFile())) {
            assertEquals(objects, rois.size(), "one ROI per 2D nucleus");
        }
        assertEquals(before, hashes(in.getParent()).toString(), "the input stack was changed");
    }

    private static String runMacro(String macro, String args) throws IOException, InterruptedException {
        return runMacro(Path.of("macros", macro), args);
    }

    /**
     * Runs a macro file in the installed ImageJ on the virtual display, as the README tells a server to (RunMacro, which
     * ends a dialog that would wait with its text instead of hanging), and returns its output.
     */
    private static String runMacro(Path macro, String args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx4g", "-cp", classPath(),
                "io.pixelwise.cli.RunMacro", macro.toAbsolutePath().toString()));
        if (!args.isEmpty()) {
            command.add(args);
        }
        command.addAll(List.of("--imagej", home.toAbsolutePath().toString(), "--timeout", String.valueOf(TIMEOUT_S - 20)));
        return run(command, macro.getFileName().toString());
    }

    /** The installation's jars and plugins, as Fiji's launcher puts them on the class path. */
    private static String classPath() {
        return home.resolve("jars").toAbsolutePath() + "/*:" + home.resolve("plugins").toAbsolutePath() + "/*";
    }

    private static String run(List<String> command, String name) throws IOException, InterruptedException {
        Path log = WORK.resolve(name + ".log");
        Process p = onDisplay(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + TIMEOUT_S + " s (a dialog waiting under Xvfb?); "
                    + "output so far:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), name + " exit code; output:\n" + out);
        return out;
    }

    /** Every output is written under a hidden temporary name ({@code .NAME.tmp.EXT}) and renamed: none is left. */
    private static void assertNoTemporaryFiles(Path output) throws IOException {
        try (Stream<Path> s = Files.walk(output)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertTrue(left.isEmpty(), "temporary files left: " + left);
        }
    }

    /**
     * A rerun skips every file the first run did, and its summary row carries the numbers of the first run's row
     * (read back from the files that run kept): every column but status and message alike, row by row.
     */
    private static void assertRerunSkipsWithTheSameNumbers(CsvTables.Table first, Path summary) throws IOException {
        CsvTables.Table again = CsvTables.read(summary);
        assertEquals(first.columns(), again.columns());
        assertEquals(first.rows().size(), again.rows().size(), "rows of " + summary + ": " + again.rows());
        int skipped = 0;
        for (int i = 0; i < first.rows().size(); i++) {
            Map<String, String> a = new java.util.LinkedHashMap<>(first.rows().get(i));
            Map<String, String> b = new java.util.LinkedHashMap<>(again.rows().get(i));
            if (!a.get("status").equals("done")) {
                continue;
            }
            assertEquals("skipped", b.get("status"), "rerun of " + a + ": " + b);
            a.keySet().removeAll(List.of("status", "message"));
            b.keySet().removeAll(List.of("status", "message"));
            assertEquals(a, b, "the rerun's row has the first run's numbers");
            skipped++;
        }
        assertTrue(skipped > 0, "the first run did something: " + first.rows());
    }

    /** summary.csv rows by file name: file, status, objects, message. */
    private static Map<String, String[]> summary(Path csv) throws IOException {
        assertTrue(Files.exists(csv), "no " + csv);
        Map<String, String[]> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("file,status,objects,message", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 4);
            rows.put(f[0], f.length == 4 ? f : new String[]{f[0], f[1], f.length > 2 ? f[2] : "", ""});
        }
        return rows;
    }

    private static Map<String, String> hashes(Path folder) throws Exception {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(p)) {
                    h.put(folder.relativize(p).toString(), HexFormat.of().formatHex(md.digest(in.readAllBytes())));
                }
            }
        }
        return h;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A folder under the integration-test directory, emptied of what an earlier run left. */
    private static Path emptyFolder(String name) throws IOException {
        Path dir = WORK.resolve(name);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
