package io.pixelwise.bench;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.TrainingFiles;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.infer.TileSizes;
import io.pixelwise.infer.TiledPredictor;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.SingleObjects;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Would an ensemble help? Scores each model alone and the mean of their class probabilities (arg-max, then the
 * first model's single-object rule) on the first model's validation split, in one JVM. The models may differ in
 * network and input (a 2.5D and a 3D model of the same classes); they must share the split. Usage:
 * {@code EnsembleBenchmark MODEL_FOLDER MODEL_FOLDER...}; prints each one's table and the ensemble's.
 */
public final class EnsembleBenchmark {

    public static void main(String[] args) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (String a : args) {
            dirs.add(Path.of(a));
        }
        TrainingConfig c = TrainingConfig.read(dirs.get(0).resolve(TrainingConfig.FILE_NAME));
        List<TrainingData.Pair> val = c.splitFiles().get(1);
        List<SegmentationModel> models = new ArrayList<>();
        try {
            for (Path d : dirs) {
                models.add(SegmentationModel.load(d));
            }
            ModelDescriptor first = models.get(0).descriptor();
            int k = first.classes.size();
            List<SegmentationScores> alone = new ArrayList<>();
            for (SegmentationModel ignored : models) {
                alone.add(new SegmentationScores(first.classes));
            }
            SegmentationScores mean = new SegmentationScores(first.classes);
            long t0 = System.nanoTime();
            for (TrainingData.Pair p : val) {
                LabelledImage item = TrainingFiles.labelled(p.id(), ImageFiles.open(p.image()),
                        ImageFiles.open(p.labels()), c.targets(), c.channelList());
                List<Segmenter.Result> each = new ArrayList<>();
                for (SegmentationModel m : models) {
                    each.add(Segmenter.segment(m, item.image(), new Segmenter.Options(TileSizes.AUTO, true),
                            Progress.NONE));
                }
                for (int m = 0; m < models.size(); m++) {
                    alone.get(m).add(item.classImage(), Views.hyperSlice(each.get(m).classes(), 3, 0));
                }
                var classes = averaged(each, first);
                mean.add(item.classImage(), Views.hyperSlice(classes, 3, 0));
            }
            System.out.printf(Locale.ROOT, "%d held-out items of %s, %.0f s%n", val.size(), c.images,
                    (System.nanoTime() - t0) / 1e9);
            for (int m = 0; m < models.size(); m++) {
                System.out.printf("%n%s alone (mean Dice %.4f)%n%s", dirs.get(m), alone.get(m).meanDice(),
                        alone.get(m).table());
            }
            System.out.printf("%nmean of the %d models' probabilities (mean Dice %.4f)%n%s", models.size(),
                    mean.meanDice(), mean.table());
        } finally {
            for (SegmentationModel m : models) {
                m.close();
            }
        }
    }

    /**
     * The classes of the mean of the results' probabilities: Segment Image's arg-max, then the descriptor's
     * single-object rule.
     */
    static PlanarImg<UnsignedShortType, ShortArray> averaged(List<Segmenter.Result> results, ModelDescriptor d) {
        int k = d.classes.size();
        var sum = results.get(0).probabilities();
        var classes = PlanarImgs.unsignedShorts(sum.dimension(0), sum.dimension(1), sum.dimension(3),
                sum.dimension(4));
        for (Segmenter.Result r : results.subList(1, results.size())) {
            var s = Views.flatIterable(sum).cursor();
            for (FloatType v : Views.flatIterable(r.probabilities())) {
                s.next().add(v);
            }
        }
        var out = Views.flatIterable(classes).cursor();
        var probs = Views.flatIterable(Views.moveAxis(sum, 2, 0)).cursor();
        float[] pixel = new float[k];
        while (out.hasNext()) {
            for (int j = 0; j < k; j++) {
                pixel[j] = probs.next().get();
            }
            out.next().set(TiledPredictor.argMax(pixel, 0, k));
        }
        if (d.one_object_per_class) {
            // the summed probabilities: the mean's threshold times the number of models
            SingleObjects.apply(classes, k, d.min_object_size, sum, d.min_object_probability * results.size());
        }
        return classes;
    }
}
