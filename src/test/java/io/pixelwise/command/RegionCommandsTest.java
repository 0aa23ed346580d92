package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.pixelwise.ij.ImageFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The region tools through SciJava's CommandService on the bundled sample and its ground-truth labels. */
class RegionCommandsTest {

    static final Path SAMPLE = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png");
    static final Path LABELS = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");

    @TempDir
    static Path dir;
    static Context context;

    @BeforeAll
    static void setUp() {
        context = new Context(CommandService.class, StatusService.class, LogService.class);
    }

    @AfterAll
    static void tearDown() {
        context.dispose();
    }

    private static Module run(Class<? extends Command> c, Object... kv) throws Exception {
        Map<String, Object> in = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(c), true, in)
                .get();
    }

    private static short[] pixels(ImagePlus imp) {
        short[] out = new short[imp.getWidth() * imp.getHeight()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) imp.getProcessor().get(i);
        }
        return out;
    }

    /**
     * Filter Regions on the sample's 82 annotated nuclei: exactly those with at least 50 pixels and no pixel on the
     * image's edge stay, with their ids; calibration and class names go with the copy, the input is untouched.
     */
    @Test
    void filterRegionsKeepsWholeObjectsInTheSizeRangeWithTheirIds() throws Exception {
        ImagePlus labels = ImageFiles.open(LABELS);
        labels.getCalibration().pixelWidth = 0.5;
        labels.getCalibration().pixelHeight = 0.5;
        labels.getCalibration().setUnit("µm");
        labels.setProp(io.pixelwise.ij.RegionMeasurement.CLASS_NAMES_PROPERTY, "background,nucleus");
        short[] before = pixels(labels);
        int w = labels.getWidth();
        int h = labels.getHeight();
        Map<Integer, Integer> size = new java.util.HashMap<>();
        java.util.Set<Integer> onEdge = new java.util.HashSet<>();
        for (int i = 0; i < before.length; i++) {
            int v = before[i] & 0xffff;
            size.merge(v, 1, Integer::sum);
            if (i % w == 0 || i / w == 0 || i % w == w - 1 || i / w == h - 1) {
                onEdge.add(v);
            }
        }
        Module m = run(FilterRegionsCommand.class, "label", labels, "minimum", 50L, "exclude", true);
        ImagePlus out = (ImagePlus) m.getOutput("filtered");
        short[] after = pixels(out);
        int kept = 0;
        for (int v : size.keySet()) {
            kept += v != 0 && size.get(v) >= 50 && !onEdge.contains(v) ? 1 : 0;
        }
        for (int i = 0; i < before.length; i++) {
            int v = before[i] & 0xffff;
            boolean keep = v != 0 && size.get(v) >= 50 && !onEdge.contains(v);
            assertEquals(keep ? v : 0, after[i] & 0xffff, "pixel " + i);
        }
        assertEquals(kept, m.getOutput("kept"));
        assertTrue(kept > 40 && kept < 82 && onEdge.size() > 5, kept + " kept, " + onEdge.size() + " on the edge");
        assertEquals("dsb2018-04acab76-labels-filtered", out.getTitle());
        assertEquals(0.5, out.getCalibration().pixelWidth, 1e-12);
        assertEquals("µm", out.getCalibration().getUnit());
        assertEquals("background,nucleus", out.getProp(io.pixelwise.ij.RegionMeasurement.CLASS_NAMES_PROPERTY));
        assertArrayEquals(before, pixels(labels), "the input is only read");
        Module big = run(FilterRegionsCommand.class, "label", labels, "minimum", 0L, "maximum", 100L);
        assertEquals((int) size.entrySet().stream().filter(e -> e.getKey() != 0 && e.getValue() <= 100).count(),
                big.getOutput("kept"), "at most 100 px");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> run(FilterRegionsCommand.class, "label", labels, "minimum", 50L, "maximum", 10L));
        assertTrue(root(e).getMessage().contains("'Maximum size (pixels, 0 = no limit)' is 10, below 'Minimum "
                + "size (pixels, voxels in stacks)' (50)"), root(e).getMessage());
    }

    @Test
    void labelsBecomeRoisAndRoisBecomeTheSameLabelsAgain() throws Exception {
        ImagePlus labels = ImageFiles.open(LABELS);
        ImagePlus image = ImageFiles.open(SAMPLE);
        Module m = run(LabelsToRoisCommand.class, "label", labels, "image", image);
        assertEquals(82, m.getOutput("count"));
        Overlay overlay = image.getOverlay();
        assertEquals(82, overlay.size());
        assertTrue(overlay.get(0).getName().startsWith("label-"));
        ImagePlus back = (ImagePlus) run(RoisToLabelsCommand.class, "image", image).getOutput("labels");
        // ROI n paints n; the ground truth numbers its nuclei in the same order, so the images agree pixel for pixel
        // wherever the ground truth's ids are consecutive from 1.
        int[] ids = Arrays.stream(overlay.toArray()).mapToInt(r -> Integer.parseInt(r.getName().substring(6)))
                .toArray();
        short[] truth = pixels(labels);
        short[] painted = pixels(back);
        for (int i = 0; i < truth.length; i++) {
            int expected = truth[i] == 0 ? 0 : Arrays.binarySearch(ids, truth[i]) + 1;
            assertEquals(expected, painted[i], "pixel " + i);
        }
    }

    @Test
    void everyNucleusIsCutOutIntoAFolderAndTheSourceIsUntouched() throws Exception {
        byte[] before = Files.readAllBytes(SAMPLE);
        ImagePlus image = ImageFiles.open(SAMPLE);
        ImagePlus labels = ImageFiles.open(LABELS);
        Path out = dir.resolve("cutouts");
        Module m = run(CutOutCommand.class, "image", image, "labels", labels, "margin", 2,
                "save", out.toFile());
        assertEquals(0, m.getOutput("count"), "saved, not shown");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(82, files.count());
        }
        int first = io.pixelwise.ij.Edits.values(labels).get(0);
        ImagePlus one = IJ.openImage(out.resolve("dsb2018-04acab76-" + first + ".tif").toString());
        assertTrue(one != null && one.getWidth() < 60, "a cutout is a crop");
        int inside = 0;
        for (int i = 0; i < one.getProcessor().getPixelCount(); i++) {
            inside += one.getProcessor().get(i) != 0 ? 1 : 0;
        }
        long area = 0;
        for (short v : pixels(labels)) {
            area += v == first ? 1 : 0;
        }
        assertTrue(inside <= area && inside > 0, "only the object's pixels are kept: " + inside + " of " + area);
        assertArrayEquals(before, Files.readAllBytes(SAMPLE), "the input file is byte-identical");
        ExecutionException again = assertThrows(ExecutionException.class, () -> run(CutOutCommand.class, "image",
                image, "labels", labels, "save", out.toFile()));
        assertTrue(root(again).getMessage().contains("exists"), root(again).getMessage());
        ExecutionException bad = assertThrows(ExecutionException.class, () -> run(CutOutCommand.class, "image", image,
                "labels", labels, "which", "2-x"));
        assertTrue(root(bad).getMessage().contains("'Which labels (e.g. 2, 5-7; empty = all)' must list labels like 2, 5-7"),
                root(bad).getMessage());
    }

    @Test
    void rgbCutoutsAreTransparentOutsideTheObject() throws Exception {
        ImagePlus rgb = IJ.createImage("colour.png", "RGB white", 12, 10, 1);
        ImagePlus labels = IJ.createImage("labels", "8-bit black", 12, 10, 1);
        labels.getProcessor().setValue(3);
        labels.getProcessor().fill(new Roi(4, 4, 3, 2));
        labels.getProcessor().set(5, 6, 3);
        Module m = run(CutOutCommand.class, "image", rgb, "labels", labels, "margin", 1,
                "save", dir.resolve("rgb").toFile());
        assertEquals(0, m.getOutput("count"));
        BufferedImage png = ImageIO.read(dir.resolve("rgb/colour-3.png").toFile());
        assertEquals(5, png.getWidth(), "3 wide plus a margin of 1 on each side");
        assertEquals(5, png.getHeight());
        assertEquals(0xffffffff, png.getRGB(1, 1), "inside: opaque white");
        assertEquals(0, png.getRGB(0, 0) >>> 24, "outside: transparent");
        assertEquals(0xff, png.getRGB(2, 3) >>> 24, "the pixel below the block belongs to the object");
    }

    @Test
    void portraitModeBlursAroundTheNucleiAndLeavesThemAlone() throws Exception {
        ImagePlus image = ImageFiles.open(SAMPLE);
        ImagePlus labels = ImageFiles.open(LABELS);
        byte[] before = ((byte[]) image.getProcessor().getPixels()).clone();
        ImagePlus portrait = (ImagePlus) run(BlurBackgroundCommand.class, "image", image, "labels", labels,
                "strength", 6.0, "feather", 2.0).getOutput("portrait");
        assertEquals("dsb2018-04acab76-portrait", portrait.getTitle());
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            int now = portrait.getProcessor().get(i);
            if (labels.getProcessor().get(i) != 0) {
                assertEquals(before[i] & 0xff, now, "nucleus pixel " + i);
            } else if (now != (before[i] & 0xff)) {
                changed++;
            }
        }
        assertTrue(changed > before.length / 4, "the background is blurred: " + changed + " pixels changed");
        assertArrayEquals(before, (byte[]) image.getProcessor().getPixels(), "the source image is untouched");
    }

    @Test
    void measureRegionsRunsHeadless() throws Exception {
        ResultsTable rt = (ResultsTable) run(MeasureRegionsCommand.class, "label", ImageFiles.open(LABELS),
                "intensity", ImageFiles.open(SAMPLE)).getOutput("regions");
        assertEquals(82, rt.size());
        assertTrue(rt.getValue("Mean", 0) > 0);
    }

    /** Every region command on a 3D MRI volume and its label volume (anterior 1, posterior 2). */
    @Test
    void everyCommandWorksOnAHippocampusVolume() throws Exception {
        Path img = Path.of("../shared/data/msd_hippocampus_mri/imagesTr/hippocampus_001.nii.gz");
        Path lab = Path.of("../shared/data/msd_hippocampus_mri/labelsTr/hippocampus_001.nii.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(img), "shared data not present: " + img);
        ImagePlus volume = ImageFiles.open(img);
        ImagePlus labels = ImageFiles.open(lab);
        int rois = (int) run(LabelsToRoisCommand.class, "label", labels, "image", volume).getOutput("count");
        assertTrue(rois > 20, "one ROI per class and slice: " + rois);
        assertTrue(Arrays.stream(volume.getOverlay().toArray()).allMatch(r -> r.getPosition() > 0),
                "each ROI on its slice");
        ImagePlus back = (ImagePlus) run(RoisToLabelsCommand.class, "image", volume).getOutput("labels");
        assertEquals(35, back.getNSlices());
        long painted = 0;
        for (int z = 1; z <= 35; z++) {
            for (int i = 0; i < back.getWidth() * back.getHeight(); i++) {
                painted += back.getStack().getProcessor(z).get(i) != 0 ? 1 : 0;
            }
        }
        assertEquals(1324 + 1624, painted, "every labelled voxel comes back (numpy counts)");

        Path out = dir.resolve("hippocampus-cutouts");
        run(CutOutCommand.class, "image", volume, "labels", labels, "margin", 0, "save", out.toFile());
        ImagePlus anterior = IJ.openImage(out.resolve("hippocampus_001-1.tif").toString());
        assertTrue(anterior.getNSlices() > 1 && anterior.getNSlices() < 35, "cropped in z too: "
                + anterior.getNSlices());
        assertEquals(1.0, anterior.getCalibration().pixelDepth, "calibration kept");

        ImagePlus portrait = (ImagePlus) run(BlurBackgroundCommand.class, "image", volume, "labels", labels)
                .getOutput("portrait");
        assertEquals(35, portrait.getNSlices());
        for (int z = 1; z <= 35; z++) {
            for (int i = 0; i < volume.getWidth() * volume.getHeight(); i++) {
                if (labels.getStack().getProcessor(z).get(i) != 0) {
                    assertEquals(volume.getStack().getProcessor(z).get(i), portrait.getStack().getProcessor(z).get(i));
                }
            }
        }
    }

    private static Throwable root(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
