package io.pixelwise.command;

import io.pixelwise.ij.ModelTraining;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.train.TrainOptions;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Train Model as a SciJava command (inputs: {@link TrainOptions#SPEC}'s keys), for scripts and headless runs: trains on a folder
 * of images and a folder of label images into a new model folder (or resumes a run there). Like Segment Image it
 * has no menu path; the menu entry and macro support come from plugins.config ({@link TrainModelPlugin}), which
 * also trains on open images.
 */
@Plugin(type = Command.class, label = "Train Model", headless = true)
public class TrainModelCommand extends SpecCommand {

    @Parameter(type = ItemIO.OUTPUT, label = "Model folder")
    private String model;

    @Parameter(type = ItemIO.OUTPUT, label = "Best validation score")
    private double bestScore;

    @Override
    protected OptionSpec spec() {
        return TrainOptions.SPEC;
    }

    @Override
    public void run() {
        OptionSpec.Values v = values();
        String output = v.optionalText(TrainOptions.OUTPUT);
        if (output == null) {
            throw new IllegalArgumentException("Train Model: '" + TrainOptions.OUTPUT + "' (the new model's folder) "
                    + "is missing");
        }
        Path out = Path.of(output);
        boolean resume = v.flag(TrainOptions.RESUME);
        TrainingConfig config = resume ? null : TrainOptions.config(null, v, TrainOptions.allKeys(), out);
        TrainingRun.Outcome o;
        try {
            o = ModelTraining.fromFolders(config, out, resume, new StatusProgress(status),
                    r -> log.info("Train Model: " + r.line()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        model = o.model().toAbsolutePath().toString();
        bestScore = o.best().score();
        log.info("Train Model: wrote " + model + "\n" + o.bestScores().table());
    }
}
