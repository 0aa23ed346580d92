package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.infer.TiledPredictor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Two models through Segment Image on the same 2048x2048 mosaic of the sample, in alternating rounds in one JVM (this
 * machine's speed drifts between minutes, so the two are always timed side by side): wall time per megapixel of the
 * whole command (network, instances, ROIs), its network share, and the second model's times as a ratio of the
 * first's. Usage: {@code ModelTimeBenchmark BASELINE_MODEL MODEL SAMPLE [ROUNDS]}.
 */
public final class ModelTimeBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        ImagePlus imp = InferenceBenchmark.mosaic(IJ.openImage(args[2]));
        double mpx = imp.getWidth() * (double) imp.getHeight() / 1e6;
        try (SegmentationModel base = SegmentationModel.load(Path.of(args[0]));
             SegmentationModel model = SegmentationModel.load(Path.of(args[1]))) {
            SegmentationModel[] models = {base, model};
            double[][] total = new double[2][rounds];
            double[][] network = new double[2][rounds];
            long[] objects = new long[2];
            for (SegmentationModel m : models) {
                run(imp, m);   // warm-up: graph optimisation, allocations
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    Pipeline.Summary s = run(imp, models[i]);
                    total[i][r] = (System.nanoTime() - t0) / 1e9;
                    Map<String, Double> stages = s.times().seconds();
                    network[i][r] = stages.getOrDefault(TiledPredictor.NETWORK, 0.0);
                    objects[i] = s.objects();
                }
            }
            System.out.printf(Locale.ROOT, "| model (Segment Image, %dx%d, %d rounds, medians) | objects | s per Mpx "
                    + "| network s per Mpx | x baseline (whole command) |%n|---|---|---|---|---|%n", imp.getWidth(),
                    imp.getHeight(), rounds);
            double baseline = median(total[0]);
            for (int i = 0; i < 2; i++) {
                System.out.printf(Locale.ROOT, "| %s%s | %d | %.2f | %.2f | %.2f |%n", args[i], i == 0 ? " (baseline)"
                        : "", objects[i], median(total[i]) / mpx, median(network[i]) / mpx,
                        median(total[i]) / baseline);
            }
        }
    }

    private static Pipeline.Summary run(ImagePlus imp, SegmentationModel m) {
        return ImageSegmentation.run(imp, m, Pipeline.Settings.defaults(), Progress.NONE).summary();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private ModelTimeBenchmark() {
    }
}
