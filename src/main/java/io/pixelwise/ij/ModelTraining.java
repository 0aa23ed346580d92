package io.pixelwise.ij;

import ij.ImagePlus;
import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.model.TensorFlowJars;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import io.pixelwise.train.TrainingRun;
import io.pixelwise.train.Validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Train Model's job, shared by the SciJava command, the ImageJ 1.x plugin and the command line: read the labelled
 * data a configuration names (or take open images), pick up fine-tuning weights, and run {@link TrainingRun}.
 */
public final class ModelTraining {

    private ModelTraining() {
    }

    /** Trains on the image and label folders of {@code config} into {@code out}, or resumes the run there. */
    public static TrainingRun.Outcome fromFolders(TrainingConfig config, Path out, boolean resume, Progress progress,
                                                  TrainingRun.Listener listener) throws IOException {
        TrainingConfig c = resume ? TrainingRun.resumableConfig(out) : config;
        List<LabelledImage> items = readItems(c, progress);
        return train(c, items, out, resume, progress, listener);
    }

    /** Trains on open images, each with its label image (same order), into {@code out}. */
    public static TrainingRun.Outcome fromImages(TrainingConfig config, List<ImagePlus> images,
                                                 List<ImagePlus> labels, Path out, Progress progress,
                                                 TrainingRun.Listener listener) throws IOException {
        if (images.size() != labels.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.size() + " label images");
        }
        config.check("Train Model");
        List<LabelledImage> items = new java.util.ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            items.add(TrainingFiles.labelled(images.get(i).getTitle(), images.get(i), labels.get(i),
                    config.targets(), config.channelList()));
        }
        return train(config, items, out, false, progress, listener);
    }

    private static TrainingRun.Outcome train(TrainingConfig config, List<LabelledImage> items, Path out,
                                             boolean resume, Progress progress, TrainingRun.Listener listener)
            throws IOException {
        TensorFlowJars.requireSingle(ModelTraining.class.getClassLoader());
        ImageJModels.tellCpuFallback();
        TrainingConfig c = config;
        Map<String, float[]> initial = null;
        if (c.fine_tune_from != null && !c.fine_tune_from.isBlank() && !resume) {
            try (SegmentationModel base = ImageJModels.open(c.fine_tune_from, c.threads, 0)) {
                TrainingRun.FineTuneStart start = TrainingRun.fineTune(base, c, items.get(0).channels());
                c = start.config();
                initial = start.weights();
            }
        }
        TrainingRun.Outcome outcome = TrainingRun.train(c, items, initial, out, resume, progress, listener);
        if (c.export_zoo) {
            progress.status("Writing the BioImage Model Zoo package");
            ZooExport.export(outcome.model(), outcome.model().resolve(outcome.descriptor().name + ".bioimageio.zip"));
        }
        return outcome;
    }

    /**
     * Scores a model on the validation split its training configuration holds out (the same images, since the split
     * depends only on the sorted file list and the seed).
     */
    public static SegmentationScores validate(TrainingConfig c, SegmentationModel model, Progress progress)
            throws IOException {
        return validate(c, model, io.pixelwise.pipeline.Pipeline.Settings.defaults(), false, progress);
    }

    /**
     * As {@link #validate(TrainingConfig, SegmentationModel, Progress)} with Segment Image's {@code settings}; with
     * {@code trainingSide} it scores the images training saw instead, so the two scores side by side tell
     * overfitting (a wide gap) from underfitting (none).
     */
    public static SegmentationScores validate(TrainingConfig c, SegmentationModel model,
                                              io.pixelwise.pipeline.Pipeline.Settings settings, boolean trainingSide,
                                              Progress progress) throws IOException {
        return Validation.score(model, splitItems(c, trainingSide), settings, progress);
    }

    /** The labelled items {@code c} holds out for validation, or with {@code trainingSide} those it trains on. */
    public static List<LabelledImage> splitItems(TrainingConfig c, boolean trainingSide) throws IOException {
        List<LabelledImage> items = new java.util.ArrayList<>();
        for (TrainingData.Pair p : c.splitFiles().get(trainingSide ? 0 : 1)) {
            items.add(TrainingFiles.labelled(p.id(), ImageFiles.open(p.image()), ImageFiles.open(p.labels()),
                    c.targets(), c.channelList()));
        }
        return items;
    }

    private static List<LabelledImage> readItems(TrainingConfig c, Progress progress) throws IOException {
        if (c.images == null || c.labels == null) {
            throw new IllegalArgumentException("The training configuration names no 'images' and 'labels' folders");
        }
        return TrainingFiles.load(Path.of(c.images), Path.of(c.labels), c.targets(), c.channelList(), progress);
    }
}
