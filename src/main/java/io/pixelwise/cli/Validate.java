package io.pixelwise.cli;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.ModelCard;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scores a model on the validation images its training configuration held out, through the Segment Image engine:
 * {@code Validate MODEL_FOLDER [--config training.json] [--write-card]} (default: the model's own
 * {@code training.json}). With {@code --write-card} the table replaces the Validation section of the model's
 * {@code MODEL.md}, so a card stays true after, say, its post-processing settings change.
 */
public final class Validate {

    static final String USAGE = "usage: Validate MODEL_FOLDER [--config training.json] [--write-card]";

    private Validate() {
    }

    public static void main(String[] args) {
        try {
            Args a = new Args(args, USAGE);
            Path model = null;
            Path config = null;
            boolean writeCard = false;
            while (a.hasNext()) {
                String arg = a.next();
                if (arg.equals("--config")) {
                    config = Path.of(a.value(arg));
                } else if (arg.equals("--write-card")) {
                    writeCard = true;
                } else if (arg.startsWith("--") || model != null) {
                    throw a.unexpected(arg);
                } else {
                    model = Path.of(arg);
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("no model folder given\n" + USAGE);
            }
            TrainingConfig c = TrainingConfig.read(config != null ? config : model.resolve(TrainingConfig.FILE_NAME));
            long t0 = System.nanoTime();
            try (SegmentationModel m = SegmentationModel.load(model)) {
                SegmentationScores s = ModelTraining.validate(c, m, Progress.NONE);
                System.out.printf(Locale.ROOT, "%s on %d held-out item(s) of %s, %.1f s:%n", m.descriptor().name,
                        s.items(), c.images, (System.nanoTime() - t0) / 1e9);
                System.out.print(s.table());
                if (writeCard) {
                    ModelCard.replaceValidation(model.resolve(ModelExporter.CARD), s, m.descriptor().name);
                    System.out.println("Updated " + model.resolve(ModelExporter.CARD));
                }
            }
        } catch (IllegalArgumentException | IOException | ModelException e) {
            System.err.println("Validate: " + e.getMessage());
            System.exit(2);
        }
    }
}
