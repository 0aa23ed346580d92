package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.ij.Rois;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.measure.Calibration;
import io.pixelwise.measure.Measurements;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Instances;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Post-processing cost against inference on the same 2048x2048 image of real nuclei (the bundled sample mirrored,
 * ~4 600 objects), in one JVM run: the baseline is the tiled inference of Segment Image (normalise, tiles,
 * arg-max); against it, instance labelling (components and boundary growth, or the flooding of distance levels;
 * splitting, size filter), ROI tracing, and
 * measurement of every object. Usage: {@code PostProcessingBenchmark [MODEL] [SAMPLE] [REPEATS]}.
 */
public final class PostProcessingBenchmark {

    public static void main(String[] args) throws Exception {
        InferenceBenchmark.Inputs in = InferenceBenchmark.Inputs.of(args);
        Path modelDir = in.modelDir();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ImagePlus imp = InferenceBenchmark.mosaic(IJ.openImage(in.sample()));
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            var input = ImagePlusViews.wrapBytes(imp);
            Segmenter.Result[] seg = new Segmenter.Result[1];
            double inference = InferenceBenchmark.median(repeats, () -> InferenceBenchmark.wall(() ->
                    seg[0] = Segmenter.segment(m, input, new Segmenter.Options(1024, false), Progress.NONE)));
            Instances.Result[] inst = new Instances.Result[1];
            double instances = InferenceBenchmark.median(repeats, () -> InferenceBenchmark.wall(() ->
                    inst[0] = Instances.label(seg[0].instanceSource(), Segmenter.instanceRules(m.descriptor()),
                            false)));
            double rois = InferenceBenchmark.median(repeats, () -> InferenceBenchmark.wall(() ->
                    Rois.fromInstances(inst[0], m.descriptor().classes, Instances.CONNECTIVITY, imp)));
            var image = input;
            double measure = InferenceBenchmark.median(repeats, () -> InferenceBenchmark.wall(() ->
                    Measurements.objects(inst[0].labels(), image, Calibration.PIXELS, Instances.CONNECTIVITY,
                            Progress.NONE)));
            double post = instances + rois + measure;
            System.out.printf(Locale.ROOT, "| step (2048x2048, %d objects, model %s) | median s | x inference |%n",
                    inst[0].count(), in.model());
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| inference: normalise + tiles of 1024 + arg-max (baseline) | %.2f | 1.00 |%n",
                    inference);
            System.out.printf(Locale.ROOT, "| instances: %s, splitting, size filter | %.2f "
                    + "| %.2f |%n", m.descriptor().distance_levels > 0 ? "flooding " + m.descriptor().distance_levels
                    + " distance levels" : "components, boundary growth", instances, instances / inference);
            System.out.printf(Locale.ROOT, "| ROIs: outline tracing into ImageJ ROIs | %.2f | %.2f |%n", rois,
                    rois / inference);
            System.out.printf(Locale.ROOT, "| measurements: every object, with intensities | %.2f | %.2f |%n",
                    measure, measure / inference);
            System.out.printf(Locale.ROOT, "| post-processing in all | %.2f | %.2f |%n", post, post / inference);
        }
    }

    private PostProcessingBenchmark() {
    }
}
