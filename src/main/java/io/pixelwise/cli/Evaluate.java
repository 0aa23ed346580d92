package io.pixelwise.cli;

import io.pixelwise.command.EvaluateSegmentationCommand;
import io.pixelwise.eval.EvaluateOptions;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.ij.SegmentationEvaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line Evaluate Segmentation: {@code Evaluate PREDICTIONS TRUTHS [--labels instances|classes|binary] [--3d]
 * [--out FOLDER] [--overwrite]} scores a folder of predicted label images (e.g. Batch's output) against a folder of
 * ground truths paired by name, or two image files, and prints the same tables Evaluate Segmentation shows; with
 * {@code --out} it writes them as CSV. Exit code 0, or 2 with the reason.
 */
public final class Evaluate {

    static final OptionSpec SPEC = EvaluateOptions.SPEC.with("Evaluate", List.of());

    private Evaluate() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("Evaluate: " + e.getMessage());
            System.exit(2);
        }
    }

    static SegmentationEvaluation.Report run(String[] args) throws IOException {
        Flags.Parsed parsed = Flags.parse("Evaluate", "Scores predicted label images against ground truth: "
                + "Dice, IoU, precision and recall per class, instance AP at IoU 0.5:0.95, per-image rows.", SPEC,
                new String[] {"PREDICTIONS TRUTHS", "two folders whose files pair by name (X-instances.tif with X.png, "
                        + "X_mask.png, ...), or two label image files", "2"}, args);
        if (parsed.positional().size() != 2) {
            throw new IllegalArgumentException("a prediction and a ground truth (folders or files) are needed; "
                    + "--help shows the options");
        }
        Path predictions = Path.of(parsed.positional().get(0));
        Path truths = Path.of(parsed.positional().get(1));
        OptionSpec.Values v = parsed.values();
        String labels = v.text(EvaluateOptions.LABELS);
        boolean volumes = v.flag(EvaluateOptions.VOLUMES);
        String save = v.optionalText(EvaluateOptions.SAVE);
        Path out = save == null ? null : Path.of(save);
        boolean overwrite = v.flag(EvaluateOptions.OVERWRITE);
        EvaluateSegmentationCommand.Job job;
        if (Files.isDirectory(predictions) && Files.isDirectory(truths)) {
            job = EvaluateSegmentationCommand.Job.folders(predictions, truths, labels, volumes);
        } else if (Files.isRegularFile(predictions) && Files.isRegularFile(truths)) {
            job = EvaluateSegmentationCommand.Job.images(io.pixelwise.ij.ImageFiles.open(predictions),
                    io.pixelwise.ij.ImageFiles.open(truths), labels, volumes);
        } else {
            throw new IllegalArgumentException("'" + predictions + "' and '" + truths + "' must both be folders or both"
                    + " be image files (" + (Files.exists(predictions) ? "" : predictions + " not found; ")
                    + (Files.exists(truths) ? "" : truths + " not found") + ")");
        }
        return job.run(out, overwrite, System.out::println);
    }
}
