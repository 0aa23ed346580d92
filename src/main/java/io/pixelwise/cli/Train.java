package io.pixelwise.cli;

import io.pixelwise.ij.ModelTraining;
import io.pixelwise.model.ModelException;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command-line Train Model, for long runs: settings from a {@code training.json} (every shipped model has one)
 * and/or flags, which win. Prints one line per epoch; Ctrl-C leaves a checkpoint that {@code --resume} continues.
 */
public final class Train {

    static final String USAGE = """
            usage: Train --out FOLDER [--config training.json] [settings...]
                   Train --resume FOLDER
              --out FOLDER         new model folder to write (must not exist or be empty)
              --config FILE        start from these settings (e.g. models/nuclei-fluo/training.json)
              --resume FOLDER      continue a canceled or interrupted run from its last epoch
            settings (override the config file; defaults in brackets):
              --images DIR --labels DIR   image and label folders, label files named like their image
              --name NAME                 model name
              --label-mode M              classes | binary | instances [classes]
              --classes a,b,c             class names, background first
              --epochs N [50]  --steps N (per epoch) [100]  --patch N [128]  --batch N [8]  --lr X [0.001]
              --depth N [4]  --filters N [16]  --batch-norm  --dropout X [0]  --input-scale N [1]
              --context N (planes above and below seen as channels, 2.5D) [0]  --scope plane|stack [plane]
              --dice X (soft Dice loss weight) [0]  --class-weights 1,1,3  --validation X [0.15]
              --seed N [42]  --patience N [10]
              --no-flip-x  --no-flip-y  --no-rotations  --no-intensity
              --fine-tune MODEL           start from a trained model's weights (name or folder)
              --threads N                 TensorFlow threads per op, 0 = all cores [0]""";

    private Train() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (CanceledException e) {
            System.err.println("Train: canceled; the last finished epoch is kept, continue with --resume");
            System.exit(3);
        } catch (IllegalArgumentException | IOException | ModelException e) {
            System.err.println("Train: " + e.getMessage());
            System.exit(2);
        }
    }

    static TrainingRun.Outcome run(String[] args) throws IOException {
        Args a = new Args(args, USAGE);
        TrainingConfig c = null;
        Path out = null;
        boolean resume = false;
        List<String[]> settings = new java.util.ArrayList<>();
        while (a.hasNext()) {
            String arg = a.next();
            switch (arg) {
                case "--config" -> c = TrainingConfig.read(Path.of(a.value(arg)));
                case "--out" -> out = Path.of(a.value(arg));
                case "--resume" -> {
                    out = Path.of(a.value(arg));
                    resume = true;
                }
                case "--batch-norm", "--no-flip-x", "--no-flip-y", "--no-rotations", "--no-intensity" ->
                        settings.add(new String[] {arg});
                case "-h", "--help" -> throw new IllegalArgumentException("\n" + USAGE);
                default -> {
                    if (!arg.startsWith("--")) {
                        throw a.unexpected(arg);
                    }
                    settings.add(new String[] {arg, a.value(arg)});
                }
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("no output folder given (--out)\n" + USAGE);
        }
        if (resume && (c != null || !settings.isEmpty())) {
            throw new IllegalArgumentException("--resume continues with the settings the run started with; "
                    + "give no other settings");
        }
        if (c == null) {
            c = new TrainingConfig();
        }
        for (String[] s : settings) {
            apply(c, s);
        }
        TrainingConfig config = c;
        long t0 = System.nanoTime();
        System.out.println(resume ? "Resuming the training run in " + out.toAbsolutePath()
                : "Training '" + config.check("command line").name + "' into " + out.toAbsolutePath());
        TrainingRun.Outcome o = ModelTraining.fromFolders(config, out, resume, Progress.NONE,
                r -> System.out.println(r.line()));
        System.out.printf(Locale.ROOT, "Best epoch %d of %d (%s %.4f); %.1f min in all.%n", o.best().epoch(),
                o.history().size(), o.bestScores().hasInstances() ? "AP@0.5" : "mean Dice", o.best().score(),
                (System.nanoTime() - t0) / 60e9);
        System.out.print(o.bestScores().table());
        System.out.println("Model written to " + o.model().toAbsolutePath());
        return o;
    }

    private static void apply(TrainingConfig c, String[] s) {
        String flag = s[0];
        String v = s.length > 1 ? s[1] : null;
        Args one = new Args(v == null ? new String[0] : new String[] {v}, USAGE);
        switch (flag) {
            case "--images" -> c.images = v;
            case "--labels" -> c.labels = v;
            case "--name" -> c.name = v;
            case "--label-mode" -> c.label_mode = v;
            case "--classes" -> c.classes = Arrays.stream(v.split(",")).map(String::trim).toList();
            case "--epochs" -> c.epochs = one.intValue(flag);
            case "--steps" -> c.steps_per_epoch = one.intValue(flag);
            case "--patch" -> c.patch = one.intValue(flag);
            case "--batch" -> c.batch = one.intValue(flag);
            case "--lr" -> c.learning_rate = one.doubleValue(flag);
            case "--depth" -> c.network.depth = one.intValue(flag);
            case "--filters" -> c.network.base_filters = one.intValue(flag);
            case "--batch-norm" -> c.network.batch_norm = true;
            case "--dropout" -> c.network.dropout = one.doubleValue(flag);
            case "--input-scale" -> c.network.input_scale = one.intValue(flag);
            case "--context" -> c.context_slices = one.intValue(flag);
            case "--scope" -> c.normalization.scope = v;
            case "--dice" -> c.dice_weight = one.doubleValue(flag);
            case "--class-weights" -> c.class_weights = Arrays.stream(v.split(","))
                    .map(w -> new Args(new String[] {w.trim()}, USAGE).doubleValue(flag)).toList();
            case "--validation" -> c.validation_fraction = one.doubleValue(flag);
            case "--seed" -> c.seed = one.intValue(flag);
            case "--patience" -> c.patience = one.intValue(flag);
            case "--no-flip-x" -> c.augment.flip_x = false;
            case "--no-flip-y" -> c.augment.flip_y = false;
            case "--no-rotations" -> c.augment.rotations = false;
            case "--no-intensity" -> c.augment.intensity = false;
            case "--fine-tune" -> c.fine_tune_from = v;
            case "--threads" -> c.threads = one.intValue(flag);
            default -> throw new IllegalArgumentException("unknown setting '" + flag + "'\n" + USAGE);
        }
    }

}
