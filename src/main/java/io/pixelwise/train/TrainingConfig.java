package io.pixelwise.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.io.JsonKeys;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelDescriptors;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a training run needs to know, as the JSON file {@code training.json} that every trained model folder
 * keeps: the same file retrains the model ({@code Train --config}). Field names are the JSON keys; defaults are
 * what Train Model uses when a field is left out. Relative folders are resolved from the current directory.
 */
public final class TrainingConfig {

    public static final String FILE_NAME = "training.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public String name;
    public String description;
    /** Folder of images, and folder of label images with matching names (see {@link TrainingData#pairs}). */
    public String images;
    public String labels;
    /**
     * The images' channels the model learns from, in order (from 1; RGB: 1 red, 2 green, 3 blue), as Segment
     * Image's {@code channels} picks them; null or empty: all.
     */
    public List<Integer> channels;
    /** "classes", "binary" or "instances" ({@link LabelMode}). */
    public String label_mode = "instances";
    /** Class names, background first; for binary and instance labels the default names the object "object". */
    public List<String> classes;
    /** Instances smaller than this many pixels are dropped as debris when the model is used (0 keeps all). */
    public long min_object_size;
    /** With one object per class: keep the surest piece, if its mean probability reaches this (ModelDescriptor). */
    public double min_object_probability;
    /** The segmented structure occurs once per scan: keep each class's largest piece and fill its holes. */
    public boolean one_object_per_class;
    /** The objects are volumes: 3D instances and counts per volume on z-stacks ({@code ModelDescriptor}). */
    public boolean objects_3d;
    /** Touching instances are split at necks this many pixels shallower than their parts (0 = off). */
    public double split_depth;
    /**
     * Instances only: K >= 2 learns K levels of distance to each object's edge ({@link
     * io.pixelwise.regions.DistanceLevels}); 0 learns object interior and a one-pixel boundary class instead. The
     * default, 8 levels with cores from level 4, beat the boundary class on DSB 2018 nuclei (BENCHMARKS.md).
     */
    public int distance_levels = 8;
    /** With distance levels: pixels this deep or deeper are object cores, one object per connected core. */
    public int seed_level = 4;
    /** Pixels by which annotators' outlines run inside the labelled regions' edge ({@code ModelDescriptor}). */
    public double outline_inset;
    public ModelDescriptor.Normalization normalization = ModelDescriptor.Normalization.percentile(1.0, 99.8);
    /** 2.5D: each plane is seen with this many planes above and below as extra channels (0 = plain 2D). */
    public int context_slices;
    public ModelDescriptor.Network network = new ModelDescriptor.Network();
    /** Square training patch side; a multiple of the network's size divisor. */
    public int patch = 128;
    /** A 3D network's training patch depth in slices, a multiple of its size divisor; 0 for a 2D network. */
    public int patch_slices;
    public int batch = 8;
    public int epochs = 50;
    public int steps_per_epoch = 100;
    /** Peak Adam learning rate; it follows a cosine down to 2 % of this over the epochs. */
    public double learning_rate = 1e-3;
    /** Cross-entropy weight per class (default 1 each; raise it for rare or thin classes). */
    public List<Double> class_weights;
    /** Weight of the soft Dice term added to the loss; 0 = cross-entropy only. */
    public double dice_weight;
    /**
     * Decay per step of a moving average of the weights that validation and the exported model use (e.g. 0.999:
     * about the last thousand steps, fewer early in the run); 0 = off, the weights as the last step left them.
     */
    public double weight_average;
    /**
     * Decoupled weight decay of the convolution kernels (AdamW): after each step a kernel shrinks by the step's
     * learning rate times this (0.05 at 1e-3: 0.005 % a step); 0 = off.
     */
    public double weight_decay;
    public double validation_fraction = 0.15;
    /** Near-duplicate images kept on one side of the validation split; null = split image by image. */
    public SplitGroups split_groups;
    public long seed = 42;
    /**
     * Seed of the training / validation split alone; null = {@link #seed}. Another {@code seed} with the same split
     * seed draws the run anew (weights, patches) but holds out the same images, so the two can be compared image by
     * image.
     */
    public Long split_seed;
    /**
     * Stop when the validation score has not improved for this many epochs, once half the epochs are done (before
     * that the learning rate is high and the score swings).
     */
    public int patience = 10;
    public Augmentation augment = new Augmentation();
    /** A model name or folder whose weights training starts from (fine-tuning); null = random start. */
    public String fine_tune_from;
    /** Also write the trained model as a BioImage Model Zoo package, {@code NAME.bioimageio.zip} in its folder. */
    public boolean export_zoo;
    /** TensorFlow threads per op, 0 = all cores. */
    public int threads;
    /** Data licence, citation and anything else the model card should carry. */
    public Map<String, String> provenance = new LinkedHashMap<>();
    /** Known limits, written into the model card as they are. */
    public String limitations;

    /**
     * Augmentations: flips, 90° rotations and elastic deformation of image and mask together, gain/offset of the
     * image alone.
     */
    public static final class Augmentation {
        public boolean flip_x = true;
        public boolean flip_y = true;
        public boolean rotations = true;
        public boolean intensity = true;
        /** Smooth random deformations (image bilinear, mask nearest); off unless asked for. */
        public boolean elastic;
        /**
         * Random scaling of image and mask together by up to this factor either way (1.25: 0.8x to 1.25x, image
         * bilinear, mask nearest); 1 = off. For objects whose size varies from scan to scan.
         */
        public double zoom = 1;
        /**
         * Random gamma of the image alone, a power from 1/gamma to gamma applied within each patch's range (1.5:
         * 0.67 to 1.5); 1 = off. For scans whose contrast varies with the machine's settings.
         */
        public double gamma = 1;

        /** The largest zoom factor accepted: beyond it a patch would be mostly mirror padding or a few pixels. */
        public static final double MAX_ZOOM = 4;
        /** The largest gamma accepted: beyond it a patch is nearly black or nearly white. */
        public static final double MAX_GAMMA = 3;
    }

    /**
     * A CSV table giving each image (by file name) a group: images of one group (the same scan region, frames of one
     * scan) all go to training or all to validation, so near-duplicates cannot flatter the validation score.
     */
    public static final class SplitGroups {
        public String csv;
        public String image_column = "image";
        public String group_column = "group";
    }

    /**
     * The image / label file pairs of {@link #images} and {@link #labels} as training splits them, [train,
     * validation]: whole groups ({@link #groupOfImage}) on one side, the same sides for the same files and seed.
     */
    public List<List<TrainingData.Pair>> splitFiles() throws IOException {
        Function<String, String> groupOf = groupOfImage();
        return TrainingData.split(TrainingData.pairs(Path.of(images), Path.of(labels)), p -> groupOf.apply(p.id()),
                validation_fraction, splitSeed());
    }

    /** The seed the training / validation split is drawn with. */
    public long splitSeed() {
        return split_seed != null ? split_seed : seed;
    }

    /**
     * The group of each image id as {@link #split_groups} gives it (null for every image when there are none, or
     * for an image the table does not name: a group of its own).
     */
    public Function<String, String> groupOfImage() throws IOException {
        return split_groups == null ? id -> null : imageColumn(split_groups.group_column)::get;
    }

    /**
     * Each image id's value in {@code column} of the {@link #split_groups} table (e.g. BUSI's benign / malignant /
     * normal), for scores by kind of image.
     */
    public Map<String, String> imageColumn(String column) throws IOException {
        if (split_groups == null) {
            throw new IllegalArgumentException("the configuration has no 'split_groups' table to read the column '"
                    + column + "' from");
        }
        return TrainingData.groups(Path.of(split_groups.csv), split_groups.image_column, column);
    }

    /** The chosen channels, empty for all. */
    public List<Integer> channelList() {
        return channels == null ? List.of() : List.copyOf(channels);
    }

    public LabelMode labelMode() {
        return LabelMode.parse(label_mode);
    }

    /** The class names: as given, or the label mode's defaults. */
    public List<String> classNames() {
        if (classes != null) {
            return classes;
        }
        List<String> names = labelMode().defaultClasses("object");
        return levels() ? names.subList(0, 2) : names;
    }

    private boolean levels() {
        return labelMode() == LabelMode.INSTANCES && distance_levels > 0;
    }

    /** What the network learns per pixel: the classes, or background and the distance levels. */
    public int networkClasses() {
        return levels() ? distance_levels + 1 : classNames().size();
    }

    /** What label images become for training. */
    public TrainingData.Targets targets() {
        return new TrainingData.Targets(labelMode(), classNames().size(), levels() ? distance_levels : 0);
    }

    /** Cross-entropy weight per network class. */
    public float[] classWeights() {
        int k = networkClasses();
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[i] = class_weights == null ? 1f : class_weights.get(i).floatValue();
        }
        return w;
    }

    /**
     * What draws this run's training patches from {@code train}: its patch side and depth (one plane for a 2D
     * network), augmentation, normalisation and slice context.
     */
    public PatchSampler sampler(List<LabelledImage> train) {
        return new PatchSampler(train, patch, Math.max(1, patch_slices), new PatchSampler.Augmentation(augment.flip_x,
                augment.flip_y, augment.rotations, augment.intensity, augment.elastic, augment.zoom, augment.gamma),
                normalization, context_slices);
    }

    /** The network for images with {@code imageChannels} channels (times the planes it sees at once). */
    public UNet.Config net(int imageChannels) {
        return UNet.Config.of(network, imageChannels * (2 * context_slices + 1), networkClasses());
    }

    /** Checks every field and says which one is wrong; {@code where} names the file or command. */
    public TrainingConfig check(String where) {
        String at = where + ": ";
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(at + "'name' (the model's name) is missing");
        }
        LabelMode mode;
        try {
            mode = labelMode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + e.getMessage());
        }
        if (channels != null && channels.stream().anyMatch(ch -> ch == null || ch < 1)) {
            throw new IllegalArgumentException(at + "'channels' must list channel numbers from 1, got " + channels);
        }
        List<String> names = classNames();
        if (names.size() < 2 || names.size() > 255) {
            throw new IllegalArgumentException(at + "'classes' must name 2 to 255 classes, background first; got "
                    + names);
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(at + "'classes' has duplicate names: " + names);
        }
        int expected = switch (mode) {
            case BINARY -> 2;
            case INSTANCES -> distance_levels > 0 ? 2 : 3;
            case CLASSES -> names.size();
        };
        if (names.size() != expected) {
            String how = mode != LabelMode.INSTANCES ? ""
                    : distance_levels > 0 ? " (with distance levels, the default: background and the object; a "
                    + "boundary class needs 'distance_levels' 0, Train's levels=0)"
                    : " (with a boundary class: background, object, boundary)";
            throw new IllegalArgumentException(at + mode.key() + " labels make " + expected + " classes, but "
                    + "'classes' names " + names.size() + ": " + names + how);
        }
        if (distance_levels < 0 || distance_levels == 1 || distance_levels > 127) {
            throw new IllegalArgumentException(at + "'distance_levels' must be 0 (interior and boundary classes) or "
                    + "2 to 127, was " + distance_levels);
        }
        if (distance_levels > 0 && (seed_level < 1 || seed_level > distance_levels)) {
            throw new IllegalArgumentException(at + "'seed_level' must be from 1 to 'distance_levels' ("
                    + distance_levels + "), was " + seed_level);
        }
        if (class_weights != null && class_weights.size() != networkClasses()) {
            throw new IllegalArgumentException(at + "'class_weights' has " + class_weights.size() + " values for "
                    + networkClasses() + (levels() ? " network classes (background and " + distance_levels
                    + " distance levels)" : " classes"));
        }
        positive(at, "batch", batch);
        positive(at, "epochs", epochs);
        positive(at, "steps_per_epoch", steps_per_epoch);
        if (!(learning_rate > 0 && learning_rate < 1)) {
            throw new IllegalArgumentException(at + "'learning_rate' must be between 0 and 1, was " + learning_rate);
        }
        if (!(validation_fraction > 0 && validation_fraction < 1)) {
            throw new IllegalArgumentException(at + "'validation_fraction' must be between 0 and 1, was "
                    + validation_fraction);
        }
        if (dice_weight < 0) {
            throw new IllegalArgumentException(at + "'dice_weight' must be >= 0, was " + dice_weight);
        }
        if (!(weight_average >= 0 && weight_average < 1)) {
            throw new IllegalArgumentException(at + "'weight_average' must be at least 0 and below 1, was "
                    + weight_average);
        }
        if (!(weight_decay >= 0 && weight_decay < 1)) {
            throw new IllegalArgumentException(at + "'weight_decay' must be at least 0 and below 1, was "
                    + weight_decay);
        }
        if (split_groups != null && (split_groups.csv == null || split_groups.csv.isBlank()
                || split_groups.image_column == null || split_groups.group_column == null)) {
            throw new IllegalArgumentException(at + "'split_groups' needs 'csv' (a table of image names and groups), "
                    + "'image_column' and 'group_column'");
        }
        positive(at, "patience", patience);
        UNet.Config net;
        try {
            net = net(1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "'network': " + e.getMessage());
        }
        if (patch < net.sizeDivisor() || patch % net.sizeDivisor() != 0) {
            throw new IllegalArgumentException(at + "'patch' must be a multiple of the network's size divisor "
                    + net.sizeDivisor() + ", was " + patch);
        }
        if (net.dimensions() == 3 && (patch_slices < net.sizeDivisor() || patch_slices % net.sizeDivisor() != 0)) {
            throw new IllegalArgumentException(at + "a 3D network's 'patch_slices' must be a multiple of its size "
                    + "divisor " + net.sizeDivisor() + ", was " + patch_slices);
        }
        if (net.dimensions() == 2 && patch_slices != 0) {
            throw new IllegalArgumentException(at + "'patch_slices' is for 3D networks (network.dimensions 3); a 2D "
                    + "network trains on planes, so leave it 0 (was " + patch_slices + ")");
        }
        if (net.dimensions() == 3 && context_slices != 0) {
            throw new IllegalArgumentException(at + "a 3D network sees whole stacks; 'context_slices' must be 0, was "
                    + context_slices);
        }
        String cleanUp = ModelDescriptors.cleanUpProblem(min_object_size, min_object_probability, outline_inset,
                split_depth);
        if (cleanUp != null) {
            throw new IllegalArgumentException(at + cleanUp);
        }
        if (context_slices < 0) {
            throw new IllegalArgumentException(at + "'context_slices' must be >= 0, was " + context_slices);
        }
        if (normalization == null || !"plane".equals(normalization.scope) && !"stack".equals(normalization.scope)) {
            throw new IllegalArgumentException(at + "'normalization.scope' must be \"plane\" or \"stack\"");
        }
        if (augment != null && !(augment.zoom >= 1 && augment.zoom <= Augmentation.MAX_ZOOM)) {
            throw new IllegalArgumentException(at + "'augment.zoom' must be from 1 (off) to " + Augmentation.MAX_ZOOM
                    + ", was " + augment.zoom);
        }
        if (augment != null && !(augment.gamma >= 1 && augment.gamma <= Augmentation.MAX_GAMMA)) {
            throw new IllegalArgumentException(at + "'augment.gamma' must be from 1 (off) to " + Augmentation.MAX_GAMMA
                    + ", was " + augment.gamma);
        }
        if (threads < 0) {
            throw new IllegalArgumentException(at + "'threads' must be >= 0, was " + threads);
        }
        return this;
    }

    private static void positive(String at, String field, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(at + "'" + field + "' must be at least 1, was " + v);
        }
    }

    /** The descriptor of the model this configuration trains, for images with {@code channels} channels. */
    public ModelDescriptor descriptor(int channels) {
        UNet.Config net = net(channels);
        ModelDescriptor.Builder d = new ModelDescriptor.Builder();
        d.name = name;
        d.description = description;
        d.input = new ModelDescriptor.TensorSpec(ModelExporter.INPUT, "byxc", channels * (2 * context_slices + 1));
        d.context_slices = context_slices;
        d.output = new ModelDescriptor.TensorSpec(ModelExporter.OUTPUT, "byxc", networkClasses());
        d.classes = classNames();
        if (labelMode() == LabelMode.INSTANCES) {
            d.object_classes = List.of(d.classes.get(1));
            if (levels()) {
                d.distance_levels = distance_levels;
                d.seed_level = seed_level;
            } else {
                d.boundary_class = d.classes.get(2);
            }
        }
        d.min_object_size = min_object_size;
        d.min_object_probability = min_object_probability;
        d.split_depth = split_depth;
        d.outline_inset = outline_inset;
        d.one_object_per_class = one_object_per_class;
        d.objects_3d = objects_3d;
        d.normalization = normalization;
        ModelExporter.describe(net, d);
        d.min_tile = Math.max(64, 2 * net.sizeDivisor());
        d.symmetries = new ModelDescriptor.Symmetries(augment.flip_x, augment.flip_y, augment.rotations);
        d.provenance = provenance;
        return d.build();
    }

    public static TrainingConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Training configuration not found: " + file.toAbsolutePath());
        }
        TrainingConfig c;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement json = JsonParser.parseReader(r);
            if (json.isJsonNull()) {
                throw new IOException("Training configuration " + file + " is empty");
            }
            String unknown = JsonKeys.unknown(json, TrainingConfig.class);
            if (unknown != null) {
                throw new IllegalArgumentException(file + ": " + unknown);
            }
            c = GSON.fromJson(json, TrainingConfig.class);
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            throw new IOException("Training configuration " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        return c.check(file.toString());
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(this));
    }

    public TrainingConfig copy() {
        return GSON.fromJson(GSON.toJson(this), TrainingConfig.class);
    }
}
