package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.eval.EvaluateOptions;
import io.pixelwise.ij.SegmentationEvaluation;
import io.pixelwise.io.FileNames;
import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Evaluate Segmentation as a SciJava command, on two images or two folders; the menu entry is
 * {@link EvaluateSegmentationPlugin}'s.
 */
@Plugin(type = Command.class, label = "Evaluate Segmentation", headless = true)
public class EvaluateSegmentationCommand extends SpecCommand {

    @Parameter(label = "Prediction image", required = false)
    private ImagePlus prediction;

    @Parameter(label = "Ground truth image", required = false)
    private ImagePlus truth;

    @Parameter(label = "Prediction folder", style = "directory", required = false, persist = false)
    private File predictionFolder;

    @Parameter(label = "Ground truth folder", style = "directory", required = false, persist = false)
    private File truthFolder;

    @Parameter(type = ItemIO.OUTPUT, label = "Mean Dice (all but background)")
    private double meanDice;

    @Parameter(type = ItemIO.OUTPUT, label = "AP@0.5 (instances)")
    private double ap50;

    @Override
    protected OptionSpec spec() {
        return EvaluateOptions.SPEC;
    }

    @Override
    public void run() {
        OptionSpec.Values v = values();
        String labels = v.text(EvaluateOptions.LABELS);
        boolean volumes = v.flag(EvaluateOptions.VOLUMES);
        try {
            Job job = predictionFolder != null || truthFolder != null
                    ? Job.folders(path(predictionFolder, "Prediction folder"), path(truthFolder, "Ground truth folder"),
                    labels, volumes)
                    : Job.images(required(prediction, "Prediction image"), required(truth, "Ground truth image"),
                    labels, volumes);
            String save = v.optionalText(EvaluateOptions.SAVE);
            SegmentationEvaluation.Report r = job.run(save == null ? null : Path.of(save),
                    v.flag(EvaluateOptions.OVERWRITE), log::info);
            meanDice = r.scores().meanDice();
            ap50 = r.instances() == null ? Double.NaN : r.scores().instanceMatching().averagePrecision(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Path path(File f, String what) {
        if (f == null) {
            throw new IllegalArgumentException("'" + what + "' is needed when evaluating folders");
        }
        return f.toPath();
    }

    private static ImagePlus required(ImagePlus imp, String what) {
        if (imp == null) {
            throw new IllegalArgumentException("'" + what + "' is needed (or give two folders)");
        }
        return imp;
    }

    /**
     * One evaluation: the items, how to read them, and files that could not be paired or opened. Shared by this
     * command, the ImageJ plugin and the command line ({@code io.pixelwise.cli.Evaluate}).
     */
    public record Job(List<SegmentationEvaluation.Item> items, Map<String, String> problems, String name,
               SegmentationEvaluation.Labels labels, boolean volumes) {

        public static Job images(ImagePlus prediction, ImagePlus truth, String labels, boolean volumes) {
            return new Job(List.of(new SegmentationEvaluation.Item(FileNames.stem(prediction.getTitle()), truth,
                    prediction)), new LinkedHashMap<>(), FileNames.stem(prediction.getTitle()), parse(labels), volumes);
        }

        public static Job folders(Path predictions, Path truths, String labels, boolean volumes) throws IOException {
            Map<String, String> problems = new LinkedHashMap<>();
            SegmentationEvaluation.Labels l = parse(labels);
            List<SegmentationEvaluation.Item> items = SegmentationEvaluation.folders(predictions, truths, l, problems);
            return new Job(items, problems, predictions.getFileName().toString(), l, volumes);
        }

        private static SegmentationEvaluation.Labels parse(String labels) {
            return switch ((String) EvaluateOptions.SPEC.option(EvaluateOptions.LABELS).convert(labels)) {
                case EvaluateOptions.INSTANCES -> SegmentationEvaluation.Labels.INSTANCES;
                case EvaluateOptions.CLASSES -> SegmentationEvaluation.Labels.CLASSES;
                default -> SegmentationEvaluation.Labels.BINARY;
            };
        }

        public SegmentationEvaluation.Report run(Path folder, boolean overwrite, Consumer<String> log)
                throws IOException {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("nothing to evaluate: " + problems);
            }
            SegmentationEvaluation.Report r = SegmentationEvaluation.evaluate(items, labels, volumes, problems);
            int scored = r.scores().items();
            log.accept("Evaluate Segmentation: " + scored + " image(s) scored, "
                    + (problems.size() + items.size() - scored) + " problem(s)\n"
                    + r.scores().table());
            if (folder != null) {
                for (Path p : SegmentationEvaluation.save(r, folder, name + "-evaluation", overwrite)) {
                    log.accept("Evaluate Segmentation: wrote " + p);
                }
            }
            return r;
        }
    }
}
