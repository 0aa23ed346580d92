package io.pixelwise.train;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Scores a network on labelled items through the pipeline Segment Image runs, at its default settings
 * (normalisation, tiling with halo, arg-max, the model's instance rules), so validation numbers are what users
 * will get.
 */
public final class Validation {

    private Validation() {
    }

    public static SegmentationScores score(Network network, List<LabelledImage> items, Progress progress) {
        return score(network, items, Pipeline.Settings.defaults(), progress);
    }

    /** As {@link #score(Network, List, Progress)} with Segment Image's {@code settings} (e.g. test-time augmentation). */
    public static SegmentationScores score(Network network, List<LabelledImage> items, Pipeline.Settings settings,
                                           Progress progress) {
        return score(network, items, settings, progress, item -> null);
    }

    /**
     * As {@link #score(Network, List, Pipeline.Settings, Progress)}, each item's result also added to the scores
     * {@code alsoInto} gives for it (none where it gives null): scores by kind of item from one pass.
     */
    public static SegmentationScores score(Network network, List<LabelledImage> items, Pipeline.Settings settings,
                                           Progress progress, Function<LabelledImage, SegmentationScores> alsoInto) {
        ModelDescriptor d = network.descriptor();
        SegmentationScores scores = new SegmentationScores(d.classes);
        for (LabelledImage item : items) {
            progress.checkCanceled();
            List<SegmentationScores> into = Stream.of(scores, alsoInto.apply(item)).filter(Objects::nonNull).toList();
            Pipeline.Sink scoring = part -> {
                var predicted = Views.hyperSlice(part.segmentation().classes(), 3, 0);
                var truth = d.distance_levels > 0 ? objects(item.classImage()) : item.classImage();
                var labels = item.instances() == null ? null : Views.hyperSlice(part.instances().labels(), 3, 0);
                for (SegmentationScores t : into) {
                    t.add(truth, predicted);
                    for (int z = 0; labels != null && z < item.slices(); z++) {
                        t.addInstances(Views.hyperSlice(item.instanceImage(), 2, z), Views.hyperSlice(labels, 2, z));
                    }
                }
            };
            try {
                Pipeline.run(network, Pipeline.Source.of(item.image()), "validation image", Calibration.PIXELS,
                        settings, scoring, Progress.NONE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // scoring writes nothing
            }
        }
        return scores;
    }

    /** The class (background 0, object 1) of each pixel of a target image of distance levels. */
    private static RandomAccessibleInterval<UnsignedByteType> objects(RandomAccessibleInterval<UnsignedByteType> levels) {
        return Converters.convert(levels, (a, b) -> b.set(a.get() > 0 ? 1 : 0), new UnsignedByteType());
    }

    /** What training maximises: instance AP@0.5 for instance models, else mean Dice of the non-background classes. */
    public static double selectionScore(SegmentationScores s) {
        return s.hasInstances() ? s.instanceMatching().averagePrecision() : s.meanDice();
    }

    public static String selectionName(boolean instances) {
        return instances ? "instance AP@0.5" : "mean Dice (non-background classes)";
    }
}
