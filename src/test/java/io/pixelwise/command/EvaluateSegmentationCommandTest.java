package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import io.pixelwise.ij.SegmentationEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateSegmentationCommandTest {

    private static final Path SAMPLE_LABELS = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");

    @TempDir
    Path dir;

    /** 8x1: truth objects 1 (4 px) and 2 (2 px); prediction 7 covers object 1 with IoU 4/5, 8 misses object 2. */
    private static ImagePlus[] handCase() {
        ImagePlus truth = new ImagePlus("truth", new ByteProcessor(8, 1, new byte[]{1, 1, 1, 1, 0, 2, 2, 0}));
        ImagePlus pred = new ImagePlus("pred", new ByteProcessor(8, 1, new byte[]{7, 7, 7, 7, 7, 0, 8, 8}));
        return new ImagePlus[]{pred, truth};
    }

    @Test
    void instancesOfAHandWorkedCase() throws Exception {
        ImagePlus[] c = handCase();
        SegmentationEvaluation.Report r = EvaluateSegmentationCommand.Job.images(c[0], c[1], "instances", false)
                .run(null, false, s -> { });
        ResultsTable inst = r.instances();
        assertEquals(10, inst.size(), "IoU 0.5 ... 0.95");
        assertEquals(1.0 / 3, inst.getValue("AP", 0), 1e-12, "TP 1, FP 1, FN 1");
        assertEquals(0.8, inst.getValue("Mean matched IoU", 0), 1e-12);
        assertEquals(0.5, inst.getValue("F1", 0), 1e-12, "2 / (2 + 1 + 1)");
        assertEquals(0.4, inst.getValue("PQ", 0), 1e-12, "0.8 / (1 + 1 / 2 + 1 / 2)");
        assertEquals(1.0 / 3, inst.getValue("AP", 5), 1e-12, "0.75 < 0.8: still a match");
        assertEquals(0, inst.getValue("AP", 6), 1e-12, "0.8 is not exceeded");
        // foreground: truth 6 px, prediction 7 px, 5 shared -> Dice 10/13
        assertEquals(10.0 / 13, r.classes().getValue("Dice", 1), 1e-12);
        assertEquals("object", r.classes().getStringValue("Class", 1));
        assertEquals(1.0 / 3, r.images().getValue("AP@0.5", 0), 1e-12);
    }

    /** 0/255 masks: binary mode scores foreground; as classes they are refused, not a 256-row table of NaN. */
    @Test
    void binaryMasksAndClassValuesBeyondTheModelsClasses() throws Exception {
        ImagePlus truth = new ImagePlus("truth", new ByteProcessor(8, 1, new byte[]{0, (byte) 255, (byte) 255,
                (byte) 255, (byte) 255, 0, 0, 0}));
        ImagePlus pred = new ImagePlus("pred", new ByteProcessor(8, 1, new byte[]{0, 0, 1, 1, 1, 1, 0, 0}));
        SegmentationEvaluation.Report r = EvaluateSegmentationCommand.Job.images(pred, truth, "binary", false)
                .run(null, false, s -> { });
        assertEquals("foreground", r.classes().getStringValue("Class", 1));
        assertEquals(6.0 / 8, r.classes().getValue("Dice", 1), 1e-12, "truth 4 px, prediction 4 px, 3 shared");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                EvaluateSegmentationCommand.Job.images(pred, truth, "classes", false).run(null, false, s -> { }));
        assertTrue(e.getMessage().contains("values up to 255 look like masks") && e.getMessage().contains("binary"),
                e.getMessage());
        pred.setProp(io.pixelwise.ij.RegionMeasurement.CLASS_NAMES_PROPERTY, "background,lesion");
        e = assertThrows(IllegalArgumentException.class, () ->
                EvaluateSegmentationCommand.Job.images(pred, truth, "classes", false).run(null, false, s -> { }));
        assertTrue(e.getMessage().contains("'truth' has class value 255, beyond the 2 classes [background, lesion]"),
                e.getMessage());
    }

    /** A Batch output folder holds review PNGs and plots beside X-instances.tif: only label images are paired. */
    @Test
    void aSegmentImageOutputFolderOffersOnlyItsLabelImages() throws Exception {
        Path pred = Files.createDirectories(dir.resolve("batch-out"));
        Path truth = Files.createDirectories(dir.resolve("gt"));
        ImagePlus labels = IJ.openImage(SAMPLE_LABELS.toString());
        new FileSaver(labels).saveAsTiff(pred.resolve("a-instances.tif").toString());
        new FileSaver(labels).saveAsPng(pred.resolve("a-lesions.png").toString());
        new FileSaver(labels).saveAsPng(pred.resolve("a-instances-area.png").toString());
        new FileSaver(labels).saveAsPng(truth.resolve("a.png").toString());
        SegmentationEvaluation.Report r = EvaluateSegmentationCommand.Job.folders(pred, truth, "instances", false)
                .run(null, false, s -> { });
        assertEquals(1, r.scores().items());
        assertEquals(1, r.images().size(), "one row, no 'problem' rows for the PNGs");
        assertEquals(1.0, r.images().getValue("AP@0.5", 0), 1e-12);
    }

    /** Two open images of different sizes: an error saying so, not NaN scores with "0 problem(s)". */
    @Test
    void imagesOfDifferentSizesAreAnError() {
        ImagePlus truth = new ImagePlus("truth", new ByteProcessor(8, 1, new byte[]{1, 1, 1, 1, 0, 2, 2, 0}));
        ImagePlus pred = new ImagePlus("pred", new ByteProcessor(4, 2, new byte[]{7, 7, 7, 7, 7, 0, 8, 8}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                EvaluateSegmentationCommand.Job.images(pred, truth, "instances", false).run(null, false, s -> { }));
        assertTrue(e.getMessage().startsWith("nothing could be scored: pred: ground truth 'truth' is 8x1x1x1 but "
                + "prediction 'pred' is 4x2x1x1"), e.getMessage());
    }

    @Test
    void foldersArePairedByNameAndBadPairsAreReportedNotScored() throws Exception {
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path truth = Files.createDirectories(dir.resolve("truth"));
        ImagePlus gt = IJ.openImage(SAMPLE_LABELS.toString());
        new FileSaver(gt).saveAsTiff(pred.resolve("a-instances.tif").toString());
        Files.copy(SAMPLE_LABELS, truth.resolve("a_mask.png"));
        new FileSaver(new ImagePlus("b", new ShortProcessor(5, 5))).saveAsTiff(pred.resolve("b-instances.tif").toString());
        new FileSaver(new ImagePlus("b", new ShortProcessor(6, 5))).saveAsTiff(truth.resolve("b.tif").toString());
        new FileSaver(new ImagePlus("c", new ShortProcessor(5, 5))).saveAsTiff(pred.resolve("c-instances.tif").toString());
        Files.copy(SAMPLE_LABELS, truth.resolve("d_gt.png"));
        Path out = dir.resolve("tables");

        Map<String, Object> in = new HashMap<>();
        in.put("predictionFolder", pred.toFile());
        in.put("truthFolder", truth.toFile());
        in.put("labels", "instances");
        in.put("save", out.toFile());
        Context context = new Context(CommandService.class, LogService.class, org.scijava.app.StatusService.class);
        try {
            var module = context.service(ModuleService.class).run(context.service(CommandService.class)
                    .getCommand(EvaluateSegmentationCommand.class), true, in).get();
            assertEquals(1.0, (double) module.getOutput("ap50"), 1e-12, "a's prediction is its ground truth");
        } finally {
            context.dispose();
        }
        List<String> images = Files.readAllLines(out.resolve("pred-evaluation-images.csv"));
        String all = String.join("\n", images);
        assertEquals(5, images.size(), "header, a scored, b, c, d reported:\n" + all);
        assertTrue(all.contains("b.tif") || all.contains("differ") || all.contains("6x5"), all);
        assertTrue(all.contains("c-instances.tif") && all.contains("no ground truth"), all);
        assertTrue(all.contains("d_gt.png") && all.contains("no prediction"), all);
        assertTrue(Files.exists(out.resolve("pred-evaluation-classes.csv")));
        assertTrue(Files.exists(out.resolve("pred-evaluation-instances.csv")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluateSegmentationCommand.Job.folders(pred, truth, "stuff", false));
        assertTrue(e.getMessage().contains("'Labels are' (labels) must be one of instances, classes, binary"),
                e.getMessage());
    }

    @Test
    void classImagesArePerClass() throws Exception {
        ImagePlus truth = new ImagePlus("t", new ByteProcessor(4, 1, new byte[]{0, 1, 2, 2}));
        ImagePlus pred = new ImagePlus("p", new ByteProcessor(4, 1, new byte[]{0, 1, 1, 2}));
        pred.setProp("Pixelwise.classes", "background,anterior,posterior");
        SegmentationEvaluation.Report r = EvaluateSegmentationCommand.Job.images(pred, truth, "classes", false)
                .run(null, false, s -> { });
        assertEquals("posterior", r.classes().getStringValue("Class", 2));
        assertEquals(2.0 / 3, r.classes().getValue("Dice", 1), 1e-12, "anterior: 1 true, 2 predicted, 1 shared");
        assertEquals(2.0 / 3, r.classes().getValue("Dice", 2), 1e-12, "posterior: 2 true, 1 predicted, 1 shared");
        assertEquals(null, r.instances());
    }
}
