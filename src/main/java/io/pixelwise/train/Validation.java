package io.pixelwise.train;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Instances;
import net.imglib2.view.Views;

import java.util.List;

/**
 * Scores a network on labelled items through the same engine Segment Image uses (normalisation over each plane,
 * tiling with halo, arg-max, instance labelling), so validation numbers are what users will get.
 */
public final class Validation {

    /** Tile side for validation: Segment Image's default. */
    static final int TILE = 1024;

    private Validation() {
    }

    public static SegmentationScores score(Network network, List<LabelledImage> items, Progress progress) {
        ModelDescriptor d = network.descriptor();
        SegmentationScores scores = new SegmentationScores(d.classes);
        for (LabelledImage item : items) {
            progress.checkCanceled();
            Segmenter.Result r = Segmenter.segment(network, item.image(), new Segmenter.Options(TILE, false),
                    Progress.NONE);
            var predicted = Views.hyperSlice(r.classes(), 3, 0);
            scores.add(item.classImage(), predicted);
            if (item.instances() != null) {
                Instances.Result inst = Instances.label(r.classes(), Segmenter.instanceRules(d), false);
                var labels = Views.hyperSlice(inst.labels(), 3, 0);
                for (int z = 0; z < item.slices(); z++) {
                    scores.addInstances(Views.hyperSlice(item.instanceImage(), 2, z), Views.hyperSlice(labels, 2, z));
                }
            }
        }
        return scores;
    }

    /** What training maximises: instance AP@0.5 for instance models, else mean Dice of the non-background classes. */
    public static double selectionScore(SegmentationScores s) {
        return s.hasInstances() ? s.instanceMatching().averagePrecision() : s.meanDice();
    }

    public static String selectionName(boolean instances) {
        return instances ? "instance AP@0.5" : "mean Dice (non-background classes)";
    }
}
