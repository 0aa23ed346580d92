package io.pixelwise.command;

import io.pixelwise.train.TrainingConfig;

import java.util.Arrays;
import java.util.List;

/**
 * Option names of Train Model in one place. The ImageJ 1.x dialog derives each macro key from the first word of its
 * label (lower case), so first words are unique; the SciJava command uses the same labels, and the defaults are
 * {@link TrainingConfig}'s, which the command line shares.
 */
public final class TrainOptions {

    public static final String MENU_LABEL = "Train Model...";

    public static final String SOURCE = "Training data";             // training
    public static final String SOURCE_FOLDERS = "Folders";
    public static final String SOURCE_LABEL_IMAGE = "Active image + label image";
    public static final String SOURCE_ROIS = "Active image + its ROIs";
    public static final String[] SOURCES = {SOURCE_FOLDERS, SOURCE_LABEL_IMAGE, SOURCE_ROIS};

    public static final String IMAGES = "Images folder";             // images
    public static final String LABELS = "Labels folder";             // labels
    public static final String LABEL_IMAGE = "Label image";          // label
    public static final String MODE = "Mode of labels";              // mode
    public static final String[] MODES = {"instances", "binary", "classes"};
    public static final String CLASSES = "Classes (comma-separated, background first)";   // classes
    public static final String NAME = "Name of the model";           // name
    public static final String OUTPUT = "Output folder";             // output
    public static final String EPOCHS = "Epochs";                    // epochs
    public static final String STEPS = "Steps per epoch";            // steps
    public static final String PATCH = "Patch size";                 // patch
    public static final String BATCH = "Batch size";                 // batch
    public static final String LEARNING_RATE = "Learning rate";      // learning
    public static final String DEPTH = "Depth of the U-Net";         // depth
    public static final String FILTERS = "Filters at the top level"; // filters
    public static final String BATCH_NORM = "BN (batch normalisation)";   // bn
    public static final String DROPOUT = "Dropout";                  // dropout
    public static final String INPUT_SCALE = "Input downscaling";    // input
    public static final String CONTEXT = "Context planes above and below (2.5D)";   // context
    public static final String SCOPE = "Normalise per";              // normalise
    public static final String[] SCOPES = {"plane", "stack"};
    public static final String DICE = "Dice loss weight";            // dice
    public static final String CLASS_WEIGHTS = "Weights of classes (comma-separated)";   // weights
    public static final String VALIDATION = "Validation fraction";   // validation
    public static final String SEED = "Seed";                        // seed
    public static final String PATIENCE = "Patience (epochs)";       // patience
    public static final String MIN_SIZE = "Minimum object size (pixels)";   // minimum
    public static final String FINE_TUNE = "Fine-tune from model";   // fine-tune
    public static final String FLIP_X = "X flips";                   // x
    public static final String FLIP_Y = "Y flips";                   // y
    public static final String ROTATIONS = "Rotations by 90 degrees";    // rotations
    public static final String INTENSITY = "Intensity jitter";       // intensity
    public static final String THREADS = "Threads per op";           // threads
    public static final String RESUME = "Resume the run in the output folder";   // resume

    /** Defaults of every setting: a fresh configuration. */
    public static final TrainingConfig DEFAULTS = new TrainingConfig();

    private TrainOptions() {
    }

    /** What a dialog or the command's parameters hold, before it becomes a configuration. */
    public record Values(String images, String labels, String mode, String classes, String name, int epochs,
                         int steps, int patch, int batch, double learningRate, int depth, int filters,
                         boolean batchNorm, double dropout, int inputScale, int context, String scope, double dice,
                         String classWeights,
                         double validation, long seed, int patience, long minSize, String fineTune, boolean flipX,
                         boolean flipY, boolean rotations, boolean intensity, int threads) {
    }

    /**
     * The training configuration the values describe, checked, so a bad value is named before any work. Without a
     * name, the model is named after its output folder.
     */
    public static TrainingConfig config(Values v, java.nio.file.Path output) {
        TrainingConfig c = new TrainingConfig();
        c.images = v.images();
        c.labels = v.labels();
        c.label_mode = v.mode();
        c.classes = names(v.classes());
        c.name = v.name() == null || v.name().isBlank() ? output.getFileName().toString() : v.name().trim();
        c.epochs = v.epochs();
        c.steps_per_epoch = v.steps();
        c.patch = v.patch();
        c.batch = v.batch();
        c.learning_rate = v.learningRate();
        c.network.depth = v.depth();
        c.network.base_filters = v.filters();
        c.network.batch_norm = v.batchNorm();
        c.network.dropout = v.dropout();
        c.network.input_scale = v.inputScale();
        c.context_slices = v.context();
        c.normalization.scope = v.scope();
        c.dice_weight = v.dice();
        c.class_weights = weights(v.classWeights());
        c.validation_fraction = v.validation();
        c.seed = v.seed();
        c.patience = v.patience();
        c.min_object_size = v.minSize();
        c.fine_tune_from = v.fineTune() == null || v.fineTune().isBlank() ? null : v.fineTune().trim();
        c.augment.flip_x = v.flipX();
        c.augment.flip_y = v.flipY();
        c.augment.rotations = v.rotations();
        c.augment.intensity = v.intensity();
        c.threads = v.threads();
        return c.check("Train Model");
    }

    /** "a, b,c" as [a, b, c]; blank as null (the label mode's default). */
    public static List<String> names(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return null;
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }

    /** "1, 1,3" as numbers; blank as null (1 for every class). */
    public static List<Double> weights(String commaSeparated) {
        List<String> parts = names(commaSeparated);
        if (parts == null) {
            return null;
        }
        try {
            return parts.stream().map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + CLASS_WEIGHTS + "' must be numbers separated by commas, was '"
                    + commaSeparated + "'");
        }
    }
}
