package io.pixelwise.command;

import io.pixelwise.ij.ModelTraining;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Train Model as a SciJava command, for scripts and headless runs through {@code CommandService}: trains on a folder
 * of images and a folder of label images into a new model folder (or resumes a run there). Like Segment Image it
 * has no menu path; the menu entry and macro support come from plugins.config ({@link TrainModelPlugin}), which
 * also trains on open images.
 */
@Plugin(type = Command.class, label = "Train Model", headless = true)
public class TrainModelCommand implements Command {

    private static final TrainingConfig D = TrainOptions.DEFAULTS;

    @Parameter(label = TrainOptions.IMAGES, style = "directory", required = false, persist = false)
    private File images;

    @Parameter(label = TrainOptions.LABELS, style = "directory", required = false, persist = false)
    private File labels;

    @Parameter(label = TrainOptions.MODE, choices = {"instances", "binary", "classes"}, persist = false)
    private String mode = "instances";

    @Parameter(label = TrainOptions.CLASSES, required = false, persist = false)
    private String classes = "";

    @Parameter(label = TrainOptions.NAME, required = false, persist = false)
    private String name;

    @Parameter(label = TrainOptions.OUTPUT, style = "directory", persist = false)
    private File output;

    @Parameter(label = TrainOptions.EPOCHS, min = "1", persist = false)
    private int epochs = D.epochs;

    @Parameter(label = TrainOptions.STEPS, min = "1", persist = false)
    private int steps = D.steps_per_epoch;

    @Parameter(label = TrainOptions.PATCH, min = "8", persist = false)
    private int patch = D.patch;

    @Parameter(label = TrainOptions.BATCH, min = "1", persist = false)
    private int batch = D.batch;

    @Parameter(label = TrainOptions.LEARNING_RATE, persist = false)
    private double learningRate = D.learning_rate;

    @Parameter(label = TrainOptions.DEPTH, min = "1", persist = false)
    private int depth = D.network.depth;

    @Parameter(label = TrainOptions.FILTERS, min = "1", persist = false)
    private int filters = D.network.base_filters;

    @Parameter(label = TrainOptions.BATCH_NORM, persist = false)
    private boolean batchNorm = D.network.batch_norm;

    @Parameter(label = TrainOptions.DROPOUT, persist = false)
    private double dropout = D.network.dropout;

    @Parameter(label = TrainOptions.INPUT_SCALE, min = "1", persist = false)
    private int inputScale = D.network.input_scale;

    @Parameter(label = TrainOptions.CONTEXT, min = "0", persist = false)
    private int context = D.context_slices;

    @Parameter(label = TrainOptions.SCOPE, choices = {"plane", "stack"}, persist = false)
    private String scope = D.normalization.scope;

    @Parameter(label = TrainOptions.DICE, persist = false)
    private double dice = D.dice_weight;

    @Parameter(label = TrainOptions.CLASS_WEIGHTS, required = false, persist = false)
    private String classWeights = "";

    @Parameter(label = TrainOptions.VALIDATION, persist = false)
    private double validation = D.validation_fraction;

    @Parameter(label = TrainOptions.SEED, persist = false)
    private long seed = D.seed;

    @Parameter(label = TrainOptions.PATIENCE, min = "1", persist = false)
    private int patience = D.patience;

    @Parameter(label = TrainOptions.MIN_SIZE, min = "0", persist = false)
    private long minSize = D.min_object_size;

    @Parameter(label = TrainOptions.FINE_TUNE, required = false, persist = false)
    private String fineTune = "";

    @Parameter(label = TrainOptions.FLIP_X, persist = false)
    private boolean flipX = D.augment.flip_x;

    @Parameter(label = TrainOptions.FLIP_Y, persist = false)
    private boolean flipY = D.augment.flip_y;

    @Parameter(label = TrainOptions.ROTATIONS, persist = false)
    private boolean rotations = D.augment.rotations;

    @Parameter(label = TrainOptions.INTENSITY, persist = false)
    private boolean intensity = D.augment.intensity;

    @Parameter(label = TrainOptions.THREADS, min = "0", persist = false)
    private int threads = D.threads;

    @Parameter(label = TrainOptions.RESUME, persist = false)
    private boolean resume;

    @Parameter(type = ItemIO.OUTPUT, label = "Model folder")
    private String model;

    @Parameter(type = ItemIO.OUTPUT, label = "Best validation score")
    private double bestScore;

    @Parameter
    private StatusService status;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        TrainingConfig config = resume ? null : TrainOptions.config(new TrainOptions.Values(path(images),
                path(labels), mode, classes, name, epochs, steps, patch, batch, learningRate, depth, filters,
                batchNorm, dropout, inputScale, context, scope, dice, classWeights, validation, seed, patience,
                minSize, fineTune, flipX, flipY, rotations, intensity, threads), output.toPath());
        TrainingRun.Outcome o;
        try {
            o = ModelTraining.fromFolders(config, output.toPath(), resume, new StatusProgress(status),
                    r -> log.info("Train Model: " + r.line()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        model = o.model().toAbsolutePath().toString();
        bestScore = o.best().score();
        log.info("Train Model: wrote " + model + "\n" + o.bestScores().table());
    }

    private static String path(File f) {
        return f == null ? null : f.getPath();
    }
}
