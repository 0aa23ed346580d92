package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;
import io.pixelwise.eval.EvaluateOptions;
import io.pixelwise.ij.SegmentationEvaluation;
import io.pixelwise.options.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Evaluate Segmentation... : a prediction against its ground truth, each an open image or a
 * folder (files paired by name: {@code X-instances.tif} with {@code X_mask.png}, ...). Shows the tables Evaluation
 * classes (Dice, IoU, precision, recall, size error per class), Evaluation instances (AP, TP, FP, FN, precision,
 * recall and matched IoU per IoU threshold 0.5...0.95) and Evaluation images (one row per image, and the files that
 * could not be scored, with why); optionally saves them as CSV. Macro keys: prediction, truth, labels, 3d, save,
 * overwrite.
 */
public class EvaluateSegmentationPlugin implements PlugIn {

    static final String TITLE = "Evaluate Segmentation";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        String[] titles = WindowManager.getImageTitles();
        OptionSpec.Values v = SpecDialog.ask(EvaluateOptions.SPEC, TITLE, Map.of(
                EvaluateOptions.PREDICTION, titles.length > 0 ? titles[0] : "",
                EvaluateOptions.TRUTH, titles.length > 1 ? titles[1] : ""));
        if (v == null) {
            return;
        }
        String prediction = v.text(EvaluateOptions.PREDICTION).trim();
        String truth = v.text(EvaluateOptions.TRUTH).trim();
        String labels = v.text(EvaluateOptions.LABELS);
        boolean volumes = v.flag(EvaluateOptions.VOLUMES);
        String folder = v.text(EvaluateOptions.SAVE);
        boolean overwrite = v.flag(EvaluateOptions.OVERWRITE);
        try {
            ImagePlus predImage = WindowManager.getImage(prediction);
            ImagePlus truthImage = WindowManager.getImage(truth);
            EvaluateSegmentationCommand.Job job;
            if (predImage != null && truthImage != null) {
                job = EvaluateSegmentationCommand.Job.images(predImage, truthImage, labels, volumes);
            } else if (Files.isDirectory(Path.of(prediction)) && Files.isDirectory(Path.of(truth))) {
                job = EvaluateSegmentationCommand.Job.folders(Path.of(prediction), Path.of(truth), labels, volumes);
            } else {
                throw new IllegalArgumentException("'prediction' (" + prediction + ") and 'truth' (" + truth
                        + ") must both be open images or both be folders");
            }
            SegmentationEvaluation.Report r = job.run(folder.isEmpty() ? null : Path.of(folder), overwrite, IJ::log);
            r.classes().show("Evaluation classes");
            if (r.instances() != null) {
                r.instances().show("Evaluation instances");
            }
            r.images().show("Evaluation images");
        } catch (Exception e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
