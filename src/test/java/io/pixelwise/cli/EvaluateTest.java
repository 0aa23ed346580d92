package io.pixelwise.cli;

import ij.IJ;
import ij.io.FileSaver;
import io.pixelwise.ij.SegmentationEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateTest {

    private static final Path SAMPLE = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png");
    private static final Path LABELS = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");

    @TempDir
    Path dir;

    /** Batch's output folder against the ground truth, as a scorer would run it: the same tables as Fiji's. */
    @Test
    void scoresABatchFolderAgainstGroundTruthAndWritesTheTables() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(SAMPLE, in.resolve("a.png"));
        Path out = dir.resolve("out");
        Batch.run(new String[]{in.toString(), "--out", out.toString()});
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Files.copy(LABELS, truth.resolve("a.png"));
        Path tables = dir.resolve("tables");
        SegmentationEvaluation.Report r = Evaluate.run(new String[]{out.toString(), truth.toString(), "--out",
                tables.toString()});
        assertEquals(1, r.scores().items());
        double ap50 = r.scores().instanceMatching().averagePrecision(0);
        assertTrue(ap50 > 0.7, "the shipped model on its own held-out sample: AP@0.5 " + ap50);
        for (String t : List.of("out-evaluation-classes.csv", "out-evaluation-instances.csv", "out-evaluation-images.csv")) {
            assertTrue(Files.size(tables.resolve(t)) > 0, t);
        }
    }

    @Test
    void twoFilesAndBinaryMasks() throws Exception {
        Path a = dir.resolve("a.tif");
        new FileSaver(IJ.openImage(LABELS.toString())).saveAsTiff(a.toString());
        SegmentationEvaluation.Report r = Evaluate.run(new String[]{a.toString(), LABELS.toString(), "--labels",
                "binary"});
        assertEquals(1.0, r.scores().dice(1), 1e-12, "a mask against itself");
    }

    @Test
    void badArgumentsSayWhat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluate.run(new String[]{dir.toString()}));
        assertTrue(e.getMessage().startsWith("a prediction and a ground truth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Evaluate.run(new String[]{dir.toString(),
                dir.resolve("nope").toString()}));
        assertTrue(e.getMessage().contains("nope not found"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Evaluate.run(new String[]{LABELS.toString(),
                LABELS.toString(), "--labels", "pixels"}));
        assertTrue(e.getMessage().contains("--labels must be one of instances, classes, binary, was 'pixels'"),
                e.getMessage());
    }
}
