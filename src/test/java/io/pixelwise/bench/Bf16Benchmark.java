package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainingConfig;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * fp32 against oneDNN's bfloat16 mixed precision, in one run: Segment Image's engine on the 2048 x 2048 nuclei
 * mosaic (median of 3 runs, warm sessions, the fp32 run the baseline), the class pixels that differ there, and each
 * shipped model's validation scores (Dice, AP@0.5) both ways. Usage: {@code Bf16Benchmark [MODELS_FOLDER]}; needs
 * ../shared/data for the validation splits; prints Markdown tables.
 */
public final class Bf16Benchmark {

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "models");
        ImagePlus mosaic = InferenceBenchmark.mosaic(IJ.openImage("models/nuclei-fluo/samples/dsb2018-04acab76.png"));
        try (SegmentationModel fp32 = SegmentationModel.load(models.resolve("nuclei-fluo"), 0, 0, false);
             SegmentationModel bf16 = SegmentationModel.load(models.resolve("nuclei-fluo"), 0, 0, true)) {
            double a = median(fp32, mosaic);
            double b = median(bf16, mosaic);
            short[] ca = classes(fp32, mosaic);
            short[] cb = classes(bf16, mosaic);
            long diff = 0;
            for (int i = 0; i < ca.length; i++) {
                diff += ca[i] != cb[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "| 2048 x 2048 mosaic, nuclei-fluo | s (median of 3) | speed-up |%n"
                    + "|---|---|---|%n| fp32 (baseline) | %.2f | 1.00 |%n| bf16 | %.2f | %.2f |%n%n"
                    + "Class pixels that differ: %d of %d (%.4f %%)%n%n", a, b, a / b, diff, ca.length,
                    100.0 * diff / ca.length);
        }
        System.out.println("| model | fp32 mean Dice | bf16 mean Dice | fp32 AP@0.5 | bf16 AP@0.5 |\n|---|---|---|---|---|");
        List<Path> folders = new ArrayList<>();
        try (var s = Files.list(models)) {
            s.filter(p -> Files.isRegularFile(p.resolve(TrainingConfig.FILE_NAME))).sorted().forEach(folders::add);
        }
        for (Path m : folders) {
            TrainingConfig c = TrainingConfig.read(m.resolve(TrainingConfig.FILE_NAME));
            SegmentationScores s32;
            SegmentationScores s16;
            try (SegmentationModel fp32 = SegmentationModel.load(m, 0, 0, false);
                 SegmentationModel bf16 = SegmentationModel.load(m, 0, 0, true)) {
                s32 = ModelTraining.validate(c, fp32, Progress.NONE);
                s16 = ModelTraining.validate(c, bf16, Progress.NONE);
            } catch (Exception e) {
                System.out.println("| " + m.getFileName() + " | " + e.getMessage() + " | | | |");
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %s | %s |%n", m.getFileName(), s32.meanDice(),
                    s16.meanDice(), s32.hasInstances() ? String.format(Locale.ROOT, "%.4f",
                            s32.instanceMatching().averagePrecision()) : "",
                    s16.hasInstances() ? String.format(Locale.ROOT, "%.4f", s16.instanceMatching().averagePrecision())
                            : "");
        }
    }

    private static <T extends RealType<T>> double median(SegmentationModel m, ImagePlus imp) {
        RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels());
        Segmenter.segment(m, in, new Segmenter.Options(1024, false), Progress.NONE);
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Segmenter.segment(m, in, new Segmenter.Options(1024, false), Progress.NONE);
            t.add((System.nanoTime() - t0) / 1e9);
        }
        Collections.sort(t);
        return t.get(1);
    }

    private static <T extends RealType<T>> short[] classes(SegmentationModel m, ImagePlus imp) {
        RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels());
        return Segmenter.segment(m, in, new Segmenter.Options(1024, false), Progress.NONE).classes().getPlane(0)
                .getCurrentStorageArray().clone();
    }
}
