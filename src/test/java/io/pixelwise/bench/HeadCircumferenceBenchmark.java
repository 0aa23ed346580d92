package io.pixelwise.bench;

import ij.ImagePlus;
import io.pixelwise.eval.Bootstrap;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.io.CsvTables;
import io.pixelwise.measure.Calibration;
import io.pixelwise.measure.Ellipse;
import io.pixelwise.measure.Measurements;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Head circumference in mm against the sonographers' HC of HC18, on one side of the split the fetal model's
 * training.json makes (validation by default, {@code train} for the training images): the head segmented through
 * the Segment Image engine and measured as Measure Regions measures it (ellipse through the outline, inset by the
 * model's outline_inset, perimeter x pixel size), against the same without the inset, a moments ellipse, the
 * ground-truth mask, and the sonographer's drawn outline (which checks the fit itself). Also prints how far the
 * masks' edge lies outside the drawn outline, the figure outline_inset is set from (on the training images).
 * Usage: {@code HeadCircumferenceBenchmark [MODEL_FOLDER] [PIXEL_SIZE_CSV] [validation|train] [tta]}, {@code tta}
 * segmenting with test-time augmentation as Segment Image's {@code tta} does. MODEL_FOLDER may name several,
 * comma-separated: an ensemble, the mean of their probabilities ({@link EnsembleBenchmark#averaged}), measured with
 * the first one's training split and outline_inset.
 */
public final class HeadCircumferenceBenchmark {

    private static final String[] ROWS = {"model, as Measure Regions (outline fit, inset)", "model, outline fit, no inset",
            "model, moments, no inset", "truth mask, outline fit, no inset", "sonographer's drawn outline (pixel centres)"};

    public static void main(String[] args) throws Exception {
        List<Path> modelDirs = Arrays.stream((args.length > 0 ? args[0] : "models/fetal-head-us").split(","))
                .map(Path::of).toList();
        Path modelDir = modelDirs.get(0);
        Path csv = Path.of(args.length > 1 ? args[1] : "../shared/data/hc18_fetal_head_us/pixel_size_and_HC.csv");
        boolean train = args.length > 2 && args[2].equals("train");
        boolean tta = args.length > 3 && args[3].equals("tta");
        TrainingConfig c = TrainingConfig.read(modelDir.resolve(TrainingConfig.FILE_NAME));
        Map<String, double[]> truth = new HashMap<>();
        for (Map<String, String> row : CsvTables.read(csv, "filename", "pixel_size_mm", "head_circumference_mm").rows()) {
            truth.put(row.get("filename"), new double[] {Double.parseDouble(row.get("pixel_size_mm")),
                    Double.parseDouble(row.get("head_circumference_mm"))});
        }
        List<TrainingData.Pair> images = c.splitFiles().get(train ? 0 : 1);
        List<List<Double>> diffs = new ArrayList<>();
        for (String ignored : ROWS) {
            diffs.add(new ArrayList<>());
        }
        List<Double> maskOffsets = new ArrayList<>();
        long t0 = System.nanoTime();
        List<SegmentationModel> models = new ArrayList<>();
        try {
            for (Path d : modelDirs) {
                models.add(SegmentationModel.load(d));
            }
            double inset = models.get(0).descriptor().outline_inset;
            for (TrainingData.Pair p : images) {
                double[] t = truth.get(p.id());
                if (t == null) {
                    throw new IllegalArgumentException(p.id() + " is not in " + csv);
                }
                Calibration cal = new Calibration(t[0], t[0], 1, "mm");
                var predicted = segment(models, ImageFiles.open(p.image()), tta);
                var mask = ImagePlusViews.labels(ImageFiles.open(p.labels()));
                Ellipse model = outlineFit(predicted, cal);
                Ellipse maskFit = outlineFit(mask, cal);
                double[] hc = {model.inset(inset * t[0]).perimeter(), model.perimeter(),
                        moments(predicted, t[0]).perimeter(), maskFit.perimeter(),
                        drawn(p.labels().getParent().resolveSibling("annotations")
                                .resolve(p.id().replace(".png", "_Annotation.png")), t[0]).perimeter()};
                for (int i = 0; i < ROWS.length; i++) {
                    diffs.get(i).add(hc[i] - t[1]);
                }
                maskOffsets.add((maskFit.perimeter() - t[1]) / (2 * Math.PI * t[0]));
                System.out.printf(Locale.ROOT, "%s  HC %.2f mm  measured %.2f%n", p.id(), t[1], hc[0]);
            }
            System.out.printf(Locale.ROOT, "%n%d %s images, model %s (outline_inset %.2f px)%s, %.0f s%n",
                    images.size(), train ? "training" : "validation", modelDirs, inset, tta ? ", tta" : "",
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            for (SegmentationModel m : models) {
                m.close();
            }
        }
        System.out.printf(Locale.ROOT, "The masks' edge lies %.2f px outside the drawn outline on average%n",
                maskOffsets.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        System.out.println("| HC vs sonographer (mm) | mean abs diff | 95 % interval of the mean | median | worst | bias |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 0; i < ROWS.length; i++) {
            double[] d = diffs.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            double[] abs = Arrays.stream(d).map(Math::abs).sorted().toArray();
            double[] interval = Bootstrap.meanInterval95(abs);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f-%.2f | %.2f | %.2f | %+.2f |%n", ROWS[i],
                    Arrays.stream(abs).average().orElse(Double.NaN), interval[0], interval[1], median(abs),
                    abs[abs.length - 1], Arrays.stream(d).average().orElse(Double.NaN));
        }
    }

    /** The classes [x, y, z, t] of one model, or of the mean of several models' probabilities. */
    private static <T extends RealType<T>> RandomAccessibleInterval<UnsignedShortType> segment(
            List<SegmentationModel> models, ImagePlus imp, boolean tta) {
        List<Segmenter.Result> each = new ArrayList<>();
        for (SegmentationModel m : models) {
            RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels());
            each.add(Segmenter.segment(m, in, new Segmenter.Options(1024, models.size() > 1, tta), Progress.NONE));
        }
        return models.size() == 1 ? each.get(0).classes() : EnsembleBenchmark.averaged(each,
                models.get(0).descriptor());
    }

    /** The ellipse Measure Regions reports for the largest region of a [x, y, z, t] label or class image. */
    private static <T extends IntegerType<T>> Ellipse outlineFit(RandomAccessibleInterval<T> labels,
                                                                 Calibration cal) {
        return Measurements.objects(labels, null, cal, Connectivity.FACE, Progress.NONE).slices().stream()
                .max((a, b) -> Long.compare(a.pixels(), b.pixels())).orElseThrow().ellipse();
    }

    private static <T extends IntegerType<T>> Ellipse moments(RandomAccessibleInterval<T> labels, double mm) {
        var plane = Views.hyperSlice(Views.hyperSlice(labels, 3, 0), 2, 0);
        int w = (int) plane.dimension(0);
        int[] xs = new int[(int) (plane.dimension(0) * plane.dimension(1))];
        int[] ys = new int[xs.length];
        int n = 0;
        int i = 0;
        for (T v : Views.flatIterable(plane)) {
            if (v.getInteger() > 0) {
                xs[n] = i % w;
                ys[n++] = i / w;
            }
            i++;
        }
        return Ellipse.ofMoments(xs, ys, n, mm, mm);
    }

    /** The least-squares ellipse through the centres of the sonographer's outline pixels. */
    private static Ellipse drawn(Path annotation, double mm) throws IOException {
        var plane = Views.hyperSlice(Views.hyperSlice(ImagePlusViews.labels(ImageFiles.open(annotation)), 3, 0), 2,
                0);
        int w = (int) plane.dimension(0);
        List<double[]> pts = new ArrayList<>();
        int i = 0;
        for (var v : Views.flatIterable(plane)) {
            if (v.getInteger() > 0) {
                pts.add(new double[] {(i % w + 0.5) * mm, (i / w + 0.5) * mm});
            }
            i++;
        }
        return Ellipse.ofPoints(pts.stream().mapToDouble(q -> q[0]).toArray(),
                pts.stream().mapToDouble(q -> q[1]).toArray());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private HeadCircumferenceBenchmark() {
    }
}
