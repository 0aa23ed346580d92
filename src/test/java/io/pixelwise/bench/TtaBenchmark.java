package io.pixelwise.bench;

import io.pixelwise.eval.InstanceMatching;
import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainingConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Test-time augmentation (Segment Image's {@code tta}: each tile through the flips and quarter turns the model was
 * trained under, averaged) against the plain run, on a model's own validation split: time and scores, one row each,
 * in one JVM. Usage:
 * {@code TtaBenchmark [MODEL_FOLDER]} (default models/nuclei-fluo); prints a Markdown table.
 */
public final class TtaBenchmark {

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "models/nuclei-fluo");
        TrainingConfig c = TrainingConfig.read(modelDir.resolve(TrainingConfig.FILE_NAME));
        System.out.printf("| %s, validation split | seconds | x plain | mean Dice (classes) | foreground Dice | "
                + "AP@0.5 | AP@0.75 | mean AP 0.5:0.95 |%n|---|---|---|---|---|---|---|---|%n", modelDir.getFileName());
        double plain = 0;
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            for (boolean tta : new boolean[] {false, true}) {
                Pipeline.Settings s = Pipeline.Settings.defaults();
                s = new Pipeline.Settings(s.tileSize(), s.probabilities(), s.volumes3D(), s.touching(), s.minSize(),
                        s.splitDepth(), s.excludeEdges(), s.panoptic(), tta, s.channels());
                long t0 = System.nanoTime();
                SegmentationScores scores = ModelTraining.validate(c, m, s, false, Progress.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                plain = tta ? plain : seconds;
                InstanceMatching im = scores.instanceMatching();
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.4f | %.4f | %s | %s | %s |%n",
                        tta ? "TTA (" + m.descriptor().symmetryCodes().length + " flips and turns, averaged)"
                                : "plain (the default)", seconds, seconds / plain, scores.meanDice(),
                        scores.foregroundDice(), im == null ? "-" : String.format(Locale.ROOT, "%.4f",
                                im.averagePrecision(0)), im == null ? "-" : String.format(Locale.ROOT, "%.4f",
                                im.averagePrecision(im.indexOf(0.75))), im == null ? "-"
                                : String.format(Locale.ROOT, "%.4f", im.meanAveragePrecision()));
            }
        }
    }
}
