package io.pixelwise.cli;

import io.pixelwise.ij.ModelTraining;
import io.pixelwise.model.ModelException;
import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainOptions;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line Train Model, for long runs: settings from a {@code training.json} (every shipped model has one)
 * and/or flags, which win. Prints one line per epoch; Ctrl-C leaves a checkpoint that {@code --resume} continues.
 */
public final class Train {

    static final String CONFIG = "config";

    static final OptionSpec SPEC = TrainOptions.SPEC.with("Train", List.of(Option.file(CONFIG, "Config",
            "start from these settings (e.g. models/nuclei-fluo/training.json); flags given override them")
            .only(Front.CLI)));

    private Train() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(Train.class, args);
        try {
            run(args);
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (CanceledException e) {
            System.err.println("Train: canceled; the last finished epoch is kept, continue with --resume");
            System.exit(3);
        } catch (IllegalArgumentException | IOException | ModelException e) {
            System.err.println("Train: " + e.getMessage());
            System.exit(2);
        }
    }

    static TrainingRun.Outcome run(String[] args) throws IOException {
        Flags.Parsed parsed = Flags.parse("Train", "Trains a model (Train Model on the command line). Prints one "
                + "line per epoch; Ctrl-C leaves a checkpoint that --resume continues.", SPEC, null,
                resumeFolderAsOutput(args));
        OptionSpec.Values v = parsed.values();
        String output = v.optionalText(TrainOptions.OUTPUT);
        if (output == null) {
            throw new IllegalArgumentException("no output folder given (--output)");
        }
        Path out = Path.of(output);
        boolean resume = v.flag(TrainOptions.RESUME);
        Set<String> settings = new HashSet<>(parsed.given());
        settings.removeAll(Set.of(TrainOptions.OUTPUT, TrainOptions.RESUME));
        if (resume && !settings.isEmpty()) {
            throw new IllegalArgumentException("--resume continues with the settings the run started with; "
                    + "give no other settings (got " + settings.stream().sorted().map(k -> "--" + k).toList() + ")");
        }
        String configFile = v.optionalText(CONFIG);
        TrainingConfig config = resume ? null : TrainOptions.config(configFile == null ? null
                : TrainingConfig.read(Path.of(configFile)), v, parsed.given(), out);
        long t0 = System.nanoTime();
        System.out.println(resume ? "Resuming the training run in " + out.toAbsolutePath()
                : "Training '" + config.name + "' into " + out.toAbsolutePath());
        TrainingRun.Outcome o = ModelTraining.fromFolders(config, out, resume, Progress.NONE,
                r -> System.out.println(r.line()));
        System.out.printf(Locale.ROOT, "Best epoch %d of %d (%s %.4f); %.1f min in all.%n", o.best().epoch(),
                o.history().size(), o.bestScores().hasInstances() ? "AP@0.5" : "mean Dice", o.best().score(),
                (System.nanoTime() - t0) / 60e9);
        System.out.print(o.bestScores().table());
        System.out.println("Model written to " + o.model().toAbsolutePath());
        return o;
    }

    /** {@code --resume FOLDER}, as earlier releases took it, is {@code --resume --output FOLDER}. */
    static String[] resumeFolderAsOutput(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (args[i].equals("--resume") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                out.add("--" + TrainOptions.OUTPUT);
            }
        }
        return out.toArray(String[]::new);
    }
}
