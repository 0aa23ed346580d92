package io.pixelwise.cli;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.ModelCard;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.Validation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Scores a model on the validation images its training configuration held out, through the Segment Image engine:
 * {@code Validate MODEL_FOLDER [--config training.json] [--write-card | --training-side] [--compare BASE_MODEL]}
 * (default: the model's own {@code training.json}). With {@code --write-card} the table replaces the Validation
 * section of the model's {@code MODEL.md}, so a card stays true after, say, its post-processing settings change.
 * With {@code --compare} a second model is scored on the same items and each score's difference gets an interval,
 * so a variant is called better only where the held-out items can tell. With {@code --by COLUMN} the items are
 * also scored apart by their value in that column of the configuration's {@code split_groups} table (BUSI's
 * benign / malignant / normal), so a card can say where the model falls short.
 */
public final class Validate {

    static final OptionSpec SPEC = new OptionSpec("Validate", List.of(
            Option.file("config", "Config", "the training configuration whose validation split to score (default: "
                    + "the model's training.json)"),
            Option.flag("write-card", "Write card", false, "replace the validation section of the model's MODEL.md"),
            Option.flag("training-side", "Training side", false, "score the images training saw instead (a wide "
                    + "gap to the validation score means overfitting; none, underfitting)"),
            Option.file("compare", "Compare with", "another model to score on the same items, printing each "
                    + "headline score's difference with a 95 % interval (paired bootstrap)"),
            Option.text("by", "By", "", "also score the items apart by their value in this column of the "
                    + "configuration's split_groups table (e.g. class)")));

    /** The value {@code --by} reports for items its table does not name. */
    static final String NOT_LISTED = "(not in the table)";

    private Validate() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(Validate.class, args);
        try {
            run(args, System.out);
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | IOException | ModelException e) {
            System.err.println("Validate: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Scores as {@code args} say, printing the tables to {@code out}. */
    static void run(String[] args, PrintStream out) throws IOException, ModelException {
        Flags.Parsed parsed = Flags.parse("Validate", "Scores a model on its validation split, as training "
                + "did.", SPEC, new String[] {"MODEL_FOLDER", "the model to score"}, args);
        if (parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("no model folder given; --help shows the options");
        }
        Path model = Path.of(parsed.positional().get(0));
        String configText = parsed.values().optionalText("config");
        Path config = configText == null ? null : Path.of(configText);
        boolean writeCard = parsed.values().flag("write-card");
        boolean trainingSide = parsed.values().flag("training-side");
        String compareText = parsed.values().optionalText("compare");
        String by = parsed.values().text("by").trim();
        if (writeCard && trainingSide) {
            throw new IllegalArgumentException("--write-card records the validation split; it cannot be "
                    + "combined with --training-side");
        }
        TrainingConfig c = TrainingConfig.read(config != null ? config : model.resolve(TrainingConfig.FILE_NAME));
        Map<String, String> kinds = by.isEmpty() ? null : c.imageColumn(by);     // a bad column fails before work
        long t0 = System.nanoTime();
        List<LabelledImage> items = ModelTraining.splitItems(c, trainingSide);
        try (SegmentationModel m = SegmentationModel.load(model)) {
            SortedMap<String, SegmentationScores> byKind = new TreeMap<>();
            SegmentationScores s = Validation.score(m, items, Pipeline.Settings.defaults(), Progress.NONE,
                    item -> kinds == null ? null : byKind.computeIfAbsent(kinds.getOrDefault(item.id(), NOT_LISTED),
                            kind -> new SegmentationScores(m.descriptor().classes)));
            out.printf(Locale.ROOT, "%s on %d %s item(s) of %s, %.1f s:%n", m.descriptor().name,
                    s.items(), trainingSide ? "training" : "held-out", c.images, (System.nanoTime() - t0) / 1e9);
            out.print(s.table());
            for (Map.Entry<String, SegmentationScores> kind : byKind.entrySet()) {
                out.printf(Locale.ROOT, "%n%s = %s: %d item(s)%n", by, kind.getKey(), kind.getValue().items());
                out.print(kind.getValue().table());
            }
            if (writeCard) {
                ModelCard.replaceValidation(model.resolve(ModelExporter.CARD), s, m.descriptor().name);
                out.println("Updated " + model.resolve(ModelExporter.CARD));
            }
            if (compareText != null) {
                Path base = Path.of(compareText);
                try (SegmentationModel b = SegmentationModel.load(base)) {
                    SegmentationScores baseScores = Validation.score(b, items, Pipeline.Settings.defaults(),
                            Progress.NONE);
                    out.printf("%n%s against %s on the same items:%n", model, base);
                    out.print(s.comparisonTable(baseScores, base.toString(), model.toString()));
                }
            }
        }
    }
}
