package io.pixelwise.bench;

import ij.ImagePlus;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.Network;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.ConnectedComponents;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.SingleObjects;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For a model of one structure per scan that may be absent (a breast lesion): on the TRAINING side of its split
 * (never the validation images), how the rule that decides "none in this scan" would trade scans without the
 * structure left empty against scans with it where it is still found (IoU > 0.5). The rule a model ships with is
 * chosen from these tables, so validation scores stay unbiased. Each rule is Segment Image's own clean-up
 * ({@link SingleObjects}) applied to the network's raw arg-max: first a minimum size for the largest piece, then,
 * at the model's minimum size, a minimum mean probability (which keeps the surest piece instead of the largest).
 * Two last rows tell whether the rule or the network limits: the raw arg-max with every piece kept, and the piece
 * (of any size) that best matches the truth, the ceiling of any rule that keeps one piece.
 * Usage: {@code MinimumSizeSweep MODEL_FOLDER [SIZE...]}.
 */
public final class MinimumSizeSweep {

    private static final double[] PROBABILITIES = {0, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        long[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong)
                .toArray() : new long[] {0, 100, 200, 400, 600, 800, 1000, 1500, 2000, 3000};
        TrainingConfig c = TrainingConfig.read(modelDir.resolve(TrainingConfig.FILE_NAME));
        List<TrainingData.Pair> train = c.splitFiles().get(0);
        int rules = sizes.length + PROBABILITIES.length;
        List<boolean[][]> rows = new ArrayList<>();     // per scan: has the structure; per rule: kept a piece, found
        long shippedMinimum;
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            shippedMinimum = m.descriptor().min_object_size;
            var argMax = m.descriptor().toBuilder();
            argMax.one_object_per_class = false;       // the raw arg-max; each rule below cleans a copy of it
            Network network = m.describedBy(argMax.build());
            int k = m.descriptor().classes.size();
            for (TrainingData.Pair p : train) {
                Segmenter.Result r = segment(network, ImageFiles.open(p.image()));
                var truth = ImagePlusViews.labels(ImageFiles.open(p.labels()));
                boolean[][] row = new boolean[rules + 3][];
                boolean present = false;
                for (var t : Views.flatIterable(truth)) {
                    present |= t.getInteger() > 0;
                }
                row[0] = new boolean[] {present};
                for (int rule = 0; rule < rules; rule++) {
                    var classes = PlanarImgs.unsignedShorts(r.classes().dimensionsAsLongArray());
                    LoopBuilder.setImages(r.classes(), classes).forEachPixel((a, b) -> b.set(a));
                    boolean bySize = rule < sizes.length;
                    SingleObjects.apply(classes, k, bySize ? sizes[rule] : shippedMinimum, r.probabilities(),
                            bySize ? 0 : PROBABILITIES[rule - sizes.length]);
                    boolean[] kept = match(plane(classes), truth);
                    row[rule + 1] = new boolean[] {kept[0], kept[1]};     // one piece at most: all = best
                }
                boolean[] raw = match(plane(r.classes()), truth);
                row[rules + 1] = new boolean[] {raw[0], raw[1]};
                row[rules + 2] = new boolean[] {raw[0], raw[2]};
                rows.add(row);
            }
        }
        long withIt = rows.stream().filter(r -> r[0][0]).count();
        long without = rows.size() - withIt;
        System.out.printf(Locale.ROOT, "%s on its %d training scans (%d with the structure, %d without)%n",
                modelDir, rows.size(), withIt, without);
        System.out.println("| minimum size (px) | scans without it left empty | scans with it still found "
                + "(IoU > 0.5) |\n|---|---|---|");
        for (int s = 0; s < sizes.length; s++) {
            System.out.print(row(String.valueOf(sizes[s]), rows, s + 1, withIt, without));
        }
        System.out.printf(Locale.ROOT, "%n| with minimum size %d px, minimum mean probability (surest piece) | scans "
                + "without it left empty | scans with it still found (IoU > 0.5) |%n|---|---|---|%n", shippedMinimum);
        for (int q = 0; q < PROBABILITIES.length; q++) {
            System.out.print(row(String.format(Locale.ROOT, "%.2f", PROBABILITIES[q]), rows, sizes.length + q + 1,
                    withIt, without));
        }
        System.out.printf(Locale.ROOT, "%n| ceiling, no clean-up | scans without it left empty | scans with it still "
                + "found (IoU > 0.5) |%n|---|---|---|%n");
        System.out.print(row("every piece of the arg-max kept", rows, rules + 1, withIt, without));
        System.out.print(row("the piece that best matches the truth (any size)", rows, rules + 2, withIt, without));
    }

    private static <T extends RealType<T>> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> xyzc) {
        return Views.hyperSlice(Views.hyperSlice(xyzc, 3, 0), 2, 0);
    }

    /**
     * Whether any piece is predicted, whether all pieces together overlap the truth with IoU above 0.5, and whether
     * one of them alone does.
     */
    private static <T extends RealType<T>> boolean[] match(RandomAccessibleInterval<T> predicted,
            RandomAccessibleInterval<? extends RealType<?>> truth) {
        var classes = PlanarImgs.unsignedShorts(predicted.dimensionsAsLongArray());
        LoopBuilder.setImages(predicted, classes).forEachPixel((a, b) -> b.setReal(a.getRealDouble() > 0 ? 1 : 0));
        var pieces = PlanarImgs.ints(predicted.dimensionsAsLongArray());
        int n = ConnectedComponents.label(classes, pieces, new boolean[] {false, true}, Connectivity.FACE, 1).length;
        long[] size = new long[n + 1];
        long[] both = new long[n + 1];
        long t = 0;
        var pc = Views.flatIterable(pieces).cursor();
        var tc = Views.flatIterable(truth).cursor();
        while (pc.hasNext()) {
            int id = pc.next().get();
            boolean b = tc.next().getRealDouble() > 0;
            size[id]++;
            both[id] += b ? 1 : 0;
            t += b ? 1 : 0;
        }
        long allSize = 0;
        long allBoth = 0;
        boolean one = false;
        for (int id = 1; id <= n; id++) {
            allSize += size[id];
            allBoth += both[id];
            one |= iou(both[id], size[id], t) > 0.5;
        }
        return new boolean[] {n > 0, n > 0 && iou(allBoth, allSize, t) > 0.5, one};
    }

    private static double iou(long both, long predicted, long truth) {
        return (double) both / (predicted + truth - both);
    }

    private static String row(String rule, List<boolean[][]> rows, int at, long withIt, long without) {
        long empty = rows.stream().filter(r -> !r[0][0] && !r[at][0]).count();
        long found = rows.stream().filter(r -> r[0][0] && r[at][1]).count();
        return String.format(Locale.ROOT, "| %s | %.1f %% | %.1f %% |%n", rule, 100.0 * empty / without,
                100.0 * found / withIt);
    }

    private static <T extends RealType<T>> Segmenter.Result segment(Network m, ImagePlus imp) {
        RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels());
        return Segmenter.segment(m, in, new Segmenter.Options(1024, true), Progress.NONE);
    }

    private MinimumSizeSweep() {
    }
}
