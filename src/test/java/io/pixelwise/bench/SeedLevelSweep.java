package io.pixelwise.bench;

import io.pixelwise.eval.InstanceMatching;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.TrainingFiles;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Instances;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.view.Views;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Instance AP of a distance-level model for each seed level, on images of its TRAINING split (never the validation
 * split, which must stay an honest estimate): the network runs once per image, the levels are decoded at every seed
 * level. Usage: {@code SeedLevelSweep MODEL_FOLDER [IMAGES]} (default 60 training images, every k-th of the sorted
 * list).
 */
public final class SeedLevelSweep {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        TrainingConfig c = TrainingConfig.read(folder.resolve(TrainingConfig.FILE_NAME));
        var groupOf = c.groupOfImage();
        List<TrainingData.Pair> train = TrainingData.split(TrainingData.pairs(Path.of(c.images),
                Path.of(c.labels)), p -> groupOf.apply(p.id()), c.validation_fraction, c.seed).get(0);
        int step = Math.max(1, train.size() / wanted);
        try (SegmentationModel m = SegmentationModel.load(folder)) {
            ModelDescriptor d = m.descriptor();
            if (d.distance_levels == 0) {
                throw new IllegalArgumentException(folder + " is no model of distance levels");
            }
            InstanceMatching[] scores = new InstanceMatching[d.distance_levels + 1];
            for (int s = 1; s <= d.distance_levels; s++) {
                scores[s] = new InstanceMatching(InstanceMatching.STANDARD_THRESHOLDS);
            }
            int images = 0;
            for (int i = 0; i < train.size(); i += step) {
                TrainingData.Pair p = train.get(i);
                LabelledImage item = TrainingFiles.labelled(p.id(), ImageFiles.open(p.image()),
                        ImageFiles.open(p.labels()), c.targets());
                Segmenter.Result r = Segmenter.segment(m, item.image(), new Segmenter.Options(0, false), Progress.NONE);
                for (int s = 1; s <= d.distance_levels; s++) {
                    Instances.Rules base = Segmenter.instanceRules(d);
                    Instances.Rules rules = new Instances.Rules(base.objectClasses(), base.boundaryClass(),
                            base.connectivity(), base.minSize(), base.splitDepth(), s);
                    var labels = Instances.label(r.instanceSource(), rules, false).labels();
                    scores[s].add(Views.hyperSlice(item.instanceImage(), 2, 0),
                            Views.hyperSlice(Views.hyperSlice(labels, 3, 0), 2, 0));
                }
                images++;
            }
            System.out.printf(Locale.ROOT, "| seed level (%s, %d training images) | AP@0.5 | AP@0.75 | mean AP "
                    + "0.5:0.95 |%n|---|---|---|---|%n", d.name, images);
            for (int s = 1; s <= d.distance_levels; s++) {
                InstanceMatching a = scores[s];
                System.out.printf(Locale.ROOT, "| %d%s | %.3f | %.3f | %.3f |%n", s, s == d.seed_level ? " (model's)"
                        : "", a.averagePrecision(0), a.averagePrecision(a.indexOf(0.75)), a.meanAveragePrecision());
            }
        }
    }

    private SeedLevelSweep() {
    }
}
