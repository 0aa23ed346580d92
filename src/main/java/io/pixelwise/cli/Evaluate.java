package io.pixelwise.cli;

import io.pixelwise.command.EvaluateSegmentationCommand;
import io.pixelwise.ij.SegmentationEvaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line Evaluate Segmentation: {@code Evaluate PREDICTIONS TRUTHS [--labels instances|classes|binary] [--3d]
 * [--out FOLDER] [--overwrite]} scores a folder of predicted label images (e.g. Batch's output) against a folder of
 * ground truths paired by name, or two image files, and prints the same tables Evaluate Segmentation shows; with
 * {@code --out} it writes them as CSV. Exit code 0, or 2 with the reason.
 */
public final class Evaluate {

    static final String USAGE = """
            usage: Evaluate PREDICTIONS TRUTHS [--labels instances|classes|binary] [--3d] [--out FOLDER] [--overwrite]
              PREDICTIONS, TRUTHS  two folders whose files pair by name (X-instances.tif with X.png, X_mask.png, ...)
                                   or two label image files
              --labels     instances: values are object ids (AP at IoU 0.5:0.95); classes: values are classes;
                           binary: anything above 0 is foreground (0/255 masks) [instances]
              --3d         objects connect across slices: match per volume, not per plane
              --out        write the tables (classes, instances, images) as CSV into this folder
              --overwrite  replace existing tables""";

    private Evaluate() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("Evaluate: " + e.getMessage());
            System.exit(2);
        }
    }

    static SegmentationEvaluation.Report run(String[] args) throws IOException {
        Path predictions = null;
        Path truths = null;
        String labels = "instances";
        boolean volumes = false;
        Path out = null;
        boolean overwrite = false;
        Args a = new Args(args, USAGE);
        while (a.hasNext()) {
            String arg = a.next();
            switch (arg) {
                case "--labels" -> labels = a.value(arg);
                case "--3d" -> volumes = true;
                case "--out" -> out = Path.of(a.value(arg));
                case "--overwrite" -> overwrite = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> {
                    if (arg.startsWith("--") || truths != null) {
                        throw a.unexpected(arg);
                    }
                    if (predictions == null) {
                        predictions = Path.of(arg);
                    } else {
                        truths = Path.of(arg);
                    }
                }
            }
        }
        if (predictions == null || truths == null) {
            throw new IllegalArgumentException("a prediction and a ground truth (folders or files) are needed\n"
                    + USAGE);
        }
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
