package io.pixelwise.train;

import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Train Model's options, each declared once with the {@link TrainingConfig} field it sets and its default taken from
 * a fresh configuration: the ImageJ dialog and macro keys, the SciJava command's inputs and the {@code Train}
 * command line's flags are all made from {@link #SPEC}. Keys of macros recorded before are aliases ({@code x},
 * {@code input}), as are the command line's older flags ({@code --lr}, {@code --no-flip-x}).
 */
public final class TrainOptions {

    public static final String MENU_LABEL = "Train Model...";

    public static final String SOURCE = "training";
    public static final String SOURCE_FOLDERS = "Folders";
    public static final String SOURCE_LABEL_IMAGE = "Active image + label image";
    public static final String SOURCE_ROIS = "Active image + its ROIs";
    public static final String LABEL_IMAGE = "label";
    public static final String OUTPUT = "output";
    public static final String NAME = "name";
    public static final String RESUME = "resume";
    public static final String WEIGHTS = "weights";

    /** An option and the configuration field it sets (null: it steers the command, not the training). */
    private record Setting(Option option, BiConsumer<TrainingConfig, Object> set) {
    }

    private static final TrainingConfig D = new TrainingConfig();

    private static final List<Setting> SETTINGS = List.of(
            new Setting(Option.choice(SOURCE, "Training data", SOURCE_FOLDERS,
                    List.of(SOURCE_FOLDERS, SOURCE_LABEL_IMAGE, SOURCE_ROIS), "what to train on")
                    .only(Front.DIALOG), null),
            new Setting(Option.folder("images", "Images folder", "folder of training images"),
                    (c, v) -> c.images = blankToNull(v)),
            new Setting(Option.folder("labels", "Labels folder", "folder of label images named like their image"),
                    (c, v) -> c.labels = blankToNull(v)),
            new Setting(Option.image(LABEL_IMAGE, "Label image", "the open label image of the active image")
                    .only(Front.DIALOG), null),
            new Setting(Option.choice("mode", "Mode of labels", D.label_mode, List.of("instances", "binary",
                    "classes"), "what the label images hold: object ids, foreground / background, or class indices")
                    .alias("label-mode"), (c, v) -> c.label_mode = (String) v),
            new Setting(Option.text("classes", "Classes (comma-separated, background first)", "",
                    "class names, background first (default: the label mode's)"),
                    (c, v) -> c.classes = names((String) v)),
            new Setting(SegmentOptions.SPEC.option(SegmentOptions.CHANNELS),
                    (c, v) -> c.channels = SegmentOptions.channels((String) v)),
            new Setting(Option.text(NAME, "Name of the model", "", "model name (default: the output folder's)"),
                    (c, v) -> c.name = blankToNull(v)),
            new Setting(Option.folder(OUTPUT, "Output folder", "new model folder to write (must not exist or be empty)")
                    .alias("out"), null),
            new Setting(Option.integer("epochs", "Epochs", D.epochs, 1, 100_000, "passes of training"),
                    (c, v) -> c.epochs = toInt(v)),
            new Setting(Option.model("fine-tune", "Fine-tune from model", "",
                    "start from a trained model's weights (name or folder); empty = from scratch"),
                    (c, v) -> c.fine_tune_from = blankToNull(v)),
            new Setting(Option.flag(RESUME, "Resume the run in the output folder", false,
                    "continue a canceled or interrupted run from its last epoch, with its settings"), null),
            new Setting(Option.flag("zoo", "Zoo package (also write the model for the BioImage Model Zoo)",
                    D.export_zoo, "after training, also write the model as NAME.bioimageio.zip in its folder"),
                    (c, v) -> c.export_zoo = (Boolean) v),
            new Setting(Option.integer("steps", "Steps per epoch", D.steps_per_epoch, 1, 1_000_000,
                    "training steps (batches) per epoch").markAdvanced(), (c, v) -> c.steps_per_epoch = toInt(v)),
            new Setting(Option.integer("patch", "Patch size", D.patch, 8, 4096, "training patch side in pixels")
                    .markAdvanced(), (c, v) -> c.patch = toInt(v)),
            new Setting(Option.integer("batch", "Batch size", D.batch, 1, 4096, "patches per training step")
                    .markAdvanced(), (c, v) -> c.batch = toInt(v)),
            new Setting(Option.number("learning", "Learning rate", D.learning_rate, 1e-9, 0.999,
                    "peak Adam learning rate (cosine decay)").alias("lr").markAdvanced(),
                    (c, v) -> c.learning_rate = (Double) v),
            new Setting(Option.integer("depth", "Depth of the U-Net", D.network.depth, 1, 8,
                    "down-sampling levels").markAdvanced(), (c, v) -> c.network = c.network.withDepth(toInt(v))),
            new Setting(Option.integer("filters", "Filters at the top level", D.network.base_filters, 1, 1024,
                    "filters of the first level, doubled per level").markAdvanced(),
                    (c, v) -> c.network = c.network.withBaseFilters(toInt(v))),
            new Setting(Option.flag("bn", "BN (batch normalisation)", D.network.batch_norm,
                    "batch normalisation after each convolution").alias("batch-norm").markAdvanced(),
                    (c, v) -> c.network = c.network.withBatchNorm((Boolean) v)),
            new Setting(Option.flag("instance", "Instance normalisation (instead of BN)", D.network.instance_norm,
                    "normalise each convolution's output by the image's own statistics (per tile when tiled) "
                    + "instead of the batch's").markAdvanced(),
                    (c, v) -> c.network = c.network.withInstanceNorm((Boolean) v)),
            new Setting(Option.number("dropout", "Dropout", D.network.dropout, 0, 0.95,
                    "dropout rate at the bottom of the U-Net").markAdvanced(),
                    (c, v) -> c.network = c.network.withDropout((Double) v)),
            new Setting(Option.integer("downscale", "Downscale input by", D.network.input_scale, 1, 64,
                    "the network sees images downscaled by this factor (large structures, large images)")
                    .alias("input").alias("input-scale").markAdvanced(),
                    (c, v) -> c.network = c.network.withInputScale(toInt(v))),
            new Setting(Option.integer("planes", "Planes above and below seen as context (2.5D)", D.context_slices,
                    0, 16, "planes above and below seen as extra channels").alias("context").markAdvanced(),
                    (c, v) -> c.context_slices = toInt(v)),
            new Setting(Option.integer("slices", "Slices per patch of a 3D U-Net (0 = 2D)", D.patch_slices, 0, 4096,
                    "train a 3D U-Net on patches this many slices deep (a multiple of 2^(depth-1)); 0 = a 2D "
                    + "network").alias("patch-slices").markAdvanced(), (c, v) -> {
                        c.patch_slices = toInt(v);
                        c.network = c.network.withDimensions(c.patch_slices > 0 ? 3 : 2);
                    }),
            new Setting(Option.choice("normalise", "Normalise per", D.normalization.scope, List.of("plane", "stack"),
                    "intensity normalisation statistics per plane or over the whole stack").alias("scope")
                    .markAdvanced(), (c, v) -> c.normalization = c.normalization.withScope((String) v)),
            new Setting(Option.number("dice", "Dice loss weight", D.dice_weight, 0, 100,
                    "weight of the soft Dice term added to cross-entropy").markAdvanced(),
                    (c, v) -> c.dice_weight = (Double) v),
            new Setting(Option.number("average", "Average the weights: decay per step (0 = off)", D.weight_average,
                    0, 0.999999,
                    "validate and export a moving average of the weights with this decay per step (0.999: about "
                    + "the last thousand steps)").markAdvanced(), (c, v) -> c.weight_average = (Double) v),
            new Setting(Option.number("decay", "Decay of the weights per step (AdamW; 0 = off)", D.weight_decay, 0,
                    0.999, "shrink the convolution kernels after each step by the learning rate times this (0.05: a "
                    + "mild pull towards small weights against overfitting)").markAdvanced(),
                    (c, v) -> c.weight_decay = (Double) v),
            new Setting(Option.text(WEIGHTS, "Weights of classes (comma-separated)", "",
                    "cross-entropy weight per class (default 1 each)").alias("class-weights").markAdvanced(),
                    (c, v) -> c.class_weights = weights((String) v)),
            new Setting(Option.number("validation", "Validation fraction", D.validation_fraction, 0.001, 0.999,
                    "share of images held out to choose the best epoch").markAdvanced(),
                    (c, v) -> c.validation_fraction = (Double) v),
            new Setting(Option.integer("seed", "Seed", D.seed, Long.MIN_VALUE, Long.MAX_VALUE,
                    "random seed (patches, initial weights; the split too unless split_seed fixes it)").markAdvanced(),
                    (c, v) -> c.seed = (Long) v),
            new Setting(Option.integer("patience", "Patience (epochs)", D.patience, 1, 100_000,
                    "stop after this many epochs without improvement (in the second half)").markAdvanced(),
                    (c, v) -> c.patience = toInt(v)),
            new Setting(Option.integer("minimum", "Minimum object size (pixels)", D.min_object_size, 0,
                    Long.MAX_VALUE, "objects smaller than this are dropped when the model is used").markAdvanced(),
                    (c, v) -> c.min_object_size = (Long) v),
            new Setting(Option.integer("levels", "Levels of distance to the edge (instances; 0 = boundary class)", D.distance_levels,
                    0, 127, "instances: learn this many levels of distance to each object's edge; 0 = interior and "
                    + "boundary classes; fine-tuning keeps the base model's").alias("distance-levels").markAdvanced(),
                    (c, v) -> c.distance_levels = toInt(v)),
            new Setting(Option.integer("cores", "Cores from level (with distance levels)", D.seed_level, 1, 127,
                    "with distance levels: pixels this deep or deeper are object cores; fine-tuning keeps the base "
                    + "model's").alias("seed-level").markAdvanced(),
                    (c, v) -> c.seed_level = toInt(v)),
            new Setting(Option.flag("x-flips", "X-flips (mirror left-right)", D.augment.flip_x,
                    "augment with left-right mirror images").alias("x").alias("no-flip-x", "false").markAdvanced(),
                    (c, v) -> c.augment.flip_x = (Boolean) v),
            new Setting(Option.flag("y-flips", "Y-flips (mirror up-down)", D.augment.flip_y,
                    "augment with up-down mirror images").alias("y").alias("no-flip-y", "false").markAdvanced(),
                    (c, v) -> c.augment.flip_y = (Boolean) v),
            new Setting(Option.flag("rotations", "Rotations by 90 degrees", D.augment.rotations,
                    "augment with quarter turns").markAdvanced(), (c, v) -> c.augment.rotations = (Boolean) v),
            new Setting(Option.flag("intensity", "Intensity jitter", D.augment.intensity,
                    "augment with random gain and offset").markAdvanced(), (c, v) -> c.augment.intensity = (Boolean) v),
            new Setting(Option.flag("elastic", "Elastic deformations (smooth random warps)", D.augment.elastic,
                    "augment with smooth random warps: image bilinear, mask nearest").markAdvanced(),
                    (c, v) -> c.augment.elastic = (Boolean) v),
            new Setting(Option.number("zoom", "Zoom: random scaling by up to (1 = off)", D.augment.zoom, 1,
                    TrainingConfig.Augmentation.MAX_ZOOM,
                    "augment by scaling up to this factor either way (1.25: 0.8x-1.25x); 1 = off").markAdvanced(),
                    (c, v) -> c.augment.zoom = (Double) v),
            new Setting(Option.number("gamma", "Gamma: random contrast power up to (1 = off)", D.augment.gamma, 1,
                    TrainingConfig.Augmentation.MAX_GAMMA,
                    "augment the image with a random gamma up to this either way (1.5: 0.67-1.5); 1 = off")
                    .markAdvanced(), (c, v) -> c.augment.gamma = (Double) v),
            new Setting(Option.integer("threads", "Threads per op", D.threads, 0, 4096,
                    "TensorFlow threads per op, 0 = all cores").markAdvanced(), (c, v) -> c.threads = toInt(v)));

    public static final OptionSpec SPEC = new OptionSpec("Train Model",
            SETTINGS.stream().map(Setting::option).toList());

    private TrainOptions() {
    }

    /**
     * {@code base} (a fresh configuration when null) with the options named in {@code keys} set from {@code v},
     * checked, so a bad value is named before any work. Without a name, the model is named after its output folder.
     */
    public static TrainingConfig config(TrainingConfig base, OptionSpec.Values v, Collection<String> keys,
                                        Path output) {
        TrainingConfig c = base == null ? new TrainingConfig() : base;
        for (Setting s : SETTINGS) {
            if (s.set() != null && keys.contains(s.option().key())) {
                s.set().accept(c, v.asMap().get(s.option().key()));
            }
        }
        if ((c.name == null || c.name.isBlank()) && output != null) {
            c.name = output.getFileName().toString();
        }
        return c.check(SPEC.command());
    }

    /** Every option's key: a dialog or SciJava command sets them all. */
    public static List<String> allKeys() {
        return SPEC.options().stream().map(Option::key).toList();
    }

    private static int toInt(Object v) {
        return Math.toIntExact((Long) v);
    }

    private static String blankToNull(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    /** "a, b,c" as [a, b, c]; blank as null (the label mode's default). */
    static List<String> names(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return null;
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }

    /** "1, 1,3" as numbers; blank as null (1 for every class). */
    static List<Double> weights(String commaSeparated) {
        List<String> parts = names(commaSeparated);
        if (parts == null) {
            return null;
        }
        List<Double> w = parts.stream().map(p -> {
            try {
                return Double.valueOf(p);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }).toList();
        if (w.stream().anyMatch(x -> !Double.isFinite(x) || x < 0)) {
            throw new IllegalArgumentException("'" + SPEC.option(WEIGHTS).label() + "' (" + WEIGHTS + ") must be "
                    + "non-negative numbers separated by commas, was '" + commaSeparated + "'");
        }
        return w;
    }
}
