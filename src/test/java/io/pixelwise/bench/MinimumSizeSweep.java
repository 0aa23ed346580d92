package io.pixelwise.bench;

import ij.ImagePlus;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For a model of one structure per scan that may be absent (a breast lesion): on the TRAINING side of its split
 * (never the validation images), how a minimum size for the one piece kept would trade scans without the
 * structure left empty against scans with it where it is still found (IoU > 0.5). The rule a model ships with is
 * chosen from this table, so validation scores stay unbiased. The model runs with its clean-up at minimum size 0.
 * A second table tries a confidence rule on top of the model's own minimum size: keep the piece only where the
 * network's mean probability of the class over it reaches a threshold.
 * Usage: {@code MinimumSizeSweep MODEL_FOLDER [SIZE...]}.
 */
public final class MinimumSizeSweep {

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        long[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong)
                .toArray() : new long[] {0, 100, 200, 400, 600, 800, 1000, 1500, 2000, 3000};
        TrainingConfig c = TrainingConfig.read(modelDir.resolve(TrainingConfig.FILE_NAME));
        List<TrainingData.Pair> train = c.splitFiles().get(0);
        List<long[]> rows = new ArrayList<>();       // piece size, truth size, overlap, mean probability (per mille)
        long shippedMinimum;
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            shippedMinimum = m.descriptor().min_object_size;
            m.descriptor().min_object_size = 0;
            m.descriptor().min_object_probability = 0;
            for (TrainingData.Pair p : train) {
                Segmenter.Result r = segment(m, ImageFiles.open(p.image()));
                var predicted = Views.flatIterable(r.classes());
                var truth = Views.flatIterable(ImagePlusViews.labels(ImageFiles.open(p.labels())));
                var probability = Views.flatIterable(Views.hyperSlice(r.probabilities(), 2, 1));
                long piece = 0;
                long t = 0;
                long both = 0;
                double sum = 0;
                var pc = predicted.cursor();
                var tc = truth.cursor();
                var qc = probability.cursor();
                while (pc.hasNext()) {
                    boolean a = pc.next().getInteger() > 0;
                    boolean b = tc.next().getInteger() > 0;
                    double q = qc.next().getRealDouble();
                    piece += a ? 1 : 0;
                    t += b ? 1 : 0;
                    both += a && b ? 1 : 0;
                    sum += a ? q : 0;
                }
                rows.add(new long[] {piece, t, both, piece == 0 ? 0 : Math.round(1000 * sum / piece)});
            }
        }
        long withIt = rows.stream().filter(r -> r[1] > 0).count();
        long without = rows.size() - withIt;
        System.out.printf(Locale.ROOT, "%s on its %d training scans (%d with the structure, %d without)%n",
                modelDir, rows.size(), withIt, without);
        System.out.println("| minimum size (px) | scans without it left empty | scans with it still found (IoU > 0.5) |");
        System.out.println("|---|---|---|");
        for (long s : sizes) {
            long empty = rows.stream().filter(r -> r[1] == 0 && r[0] < Math.max(1, s)).count();
            long found = rows.stream().filter(r -> r[1] > 0 && r[0] >= s && r[0] > 0
                    && (double) r[2] / (r[0] + r[1] - r[2]) > 0.5).count();
            System.out.printf(Locale.ROOT, "| %d | %.1f %% | %.1f %% |%n", s, 100.0 * empty / without,
                    100.0 * found / withIt);
        }
        System.out.printf(Locale.ROOT, "%n| with minimum size %d px, minimum mean probability | scans without it left "
                + "empty | scans with it still found (IoU > 0.5) |%n|---|---|---|%n", shippedMinimum);
        for (int q : new int[] {0, 600, 700, 750, 800, 850, 900, 950}) {
            java.util.function.Predicate<long[]> kept = r -> r[0] > 0 && r[0] >= shippedMinimum && r[3] >= q;
            long empty = rows.stream().filter(r -> r[1] == 0 && !kept.test(r)).count();
            long found = rows.stream().filter(r -> r[1] > 0 && kept.test(r)
                    && (double) r[2] / (r[0] + r[1] - r[2]) > 0.5).count();
            System.out.printf(Locale.ROOT, "| %.2f | %.1f %% | %.1f %% |%n", q / 1000.0, 100.0 * empty / without,
                    100.0 * found / withIt);
        }
    }

    private static <T extends RealType<T>> Segmenter.Result segment(SegmentationModel m, ImagePlus imp) {
        RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels());
        return Segmenter.segment(m, in, new Segmenter.Options(1024, true), Progress.NONE);
    }

    private MinimumSizeSweep() {
    }
}
