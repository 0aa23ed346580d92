package io.pixelwise.bench;

import io.pixelwise.eval.InstanceMatching;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.TrainingFiles;
import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.regions.Instances;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a distance-level model's scores are best read, on images of its TRAINING split (never the validation split,
 * which must stay an honest estimate): the network runs once per image (whole, mirrored up to the size divisor),
 * each pixel's level is read as the arg-max of the scores or as the mean level given the pixel is an object (the
 * object's probability, 1 - p(background), above one half), and the levels are decoded at every seed level.
 * Usage: {@code SeedLevelSweep MODEL_FOLDER [IMAGES]} (default 60 training images, every k-th of the sorted list).
 */
public final class SeedLevelSweep {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        TrainingConfig c = TrainingConfig.read(folder.resolve(TrainingConfig.FILE_NAME));
        List<TrainingData.Pair> train = c.splitFiles().get(0);
        int step = Math.max(1, train.size() / wanted);
        try (SegmentationModel m = SegmentationModel.load(folder)) {
            ModelDescriptor d = m.descriptor();
            int levels = d.distance_levels;
            if (levels == 0) {
                throw new IllegalArgumentException(folder + " is no model of distance levels");
            }
            String[] readings = {"arg-max", "mean level"};
            InstanceMatching[][] scores = new InstanceMatching[2][levels + 1];
            for (int r = 0; r < 2; r++) {
                for (int s = 1; s <= levels; s++) {
                    scores[r][s] = new InstanceMatching(InstanceMatching.STANDARD_THRESHOLDS);
                }
            }
            int images = 0;
            for (int i = 0; i < train.size(); i += step) {
                TrainingData.Pair p = train.get(i);
                LabelledImage item = TrainingFiles.labelled(p.id(), ImageFiles.open(p.image()),
                        ImageFiles.open(p.labels()), c.targets(), c.channelList());
                int w = item.width();
                int h = item.height();
                int pw = (w + d.size_divisor - 1) / d.size_divisor * d.size_divisor;
                int ph = (h + d.size_divisor - 1) / d.size_divisor * d.size_divisor;
                float[] plane = item.planes()[0];
                Normalizer norm = Normalizer.fit(d.normalization, ArrayImgs.floats(plane, w, h), 0);
                float[] in = new float[pw * ph];
                for (int y = 0; y < ph; y++) {
                    for (int x = 0; x < pw; x++) {
                        in[y * pw + x] = norm.apply(plane[mirror(y, h) * w + mirror(x, w)]);
                    }
                }
                float[] out = m.predict(in, 1, ph, pw);
                int k = levels + 1;
                int[][] read = new int[2][w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int base = (y * pw + x) * k;
                        int best = 0;
                        double mean = 0;
                        for (int j = 1; j < k; j++) {
                            best = out[base + j] > out[base + best] ? j : best;
                            mean += j * out[base + j];
                        }
                        double object = 1 - out[base];
                        read[0][y * w + x] = best;
                        read[1][y * w + x] = object > 0.5 ? (int) Math.max(1, Math.min(levels,
                                Math.round(mean / object))) : 0;
                    }
                }
                var truth = Views.hyperSlice(item.instanceImage(), 2, 0);
                for (int r = 0; r < 2; r++) {
                    for (int s = 1; s <= levels; s++) {
                        Instances.Rules rules = new Instances.Rules(new int[] {1}, -1, Instances.CONNECTIVITY,
                                d.min_object_size, d.split_depth, s, false);
                        var labels = Instances.label(ArrayImgs.ints(read[r], w, h, 1, 1), rules, false).labels();
                        scores[r][s].add(truth, Views.hyperSlice(Views.hyperSlice(labels, 3, 0), 2, 0));
                    }
                }
                images++;
            }
            System.out.printf(Locale.ROOT, "| level read as | seed level (%s, %d training images) | AP@0.5 | AP@0.75 "
                    + "| mean AP 0.5:0.95 |%n|---|---|---|---|---|%n", d.name, images);
            for (int r = 0; r < 2; r++) {
                for (int s = 1; s <= levels; s++) {
                    InstanceMatching a = scores[r][s];
                    System.out.printf(Locale.ROOT, "| %s | %d%s | %.3f | %.3f | %.3f |%n", readings[r], s,
                            s == d.seed_level && r == 0 ? " (model's)" : "", a.averagePrecision(0),
                            a.averagePrecision(a.indexOf(0.75)), a.meanAveragePrecision());
                }
            }
        }
    }

    private static int mirror(int i, int size) {
        return i < size ? i : 2 * size - 2 - i;
    }

    private SeedLevelSweep() {
    }
}
