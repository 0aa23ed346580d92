package io.pixelwise.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Pixelwise needs to know about a model besides its graph: the {@code config.pixelwise} section of its
 * {@code rdf.yaml} (an older model folder's {@code pixelwise.json}). Field names are the keys there; {@link
 * ModelDescriptors} parses and checks them. Immutable: a descriptor is put together in a {@link Builder} (parsed,
 * imported, or made for a trained network) and frozen by {@link Builder#build()}.
 */
public final class ModelDescriptor {

    public static final String FILE_NAME = "pixelwise.json";

    public final int format_version;
    public final String name;
    public final String description;
    /** SavedModel tag set and signature that hold the inference graph. */
    public final String tag;
    public final String signature;
    public final TensorSpec input;
    public final TensorSpec output;
    /** Class names in output channel order; index 0 is the background. */
    public final List<String> classes;
    /** Classes whose connected components become objects (instances, ROIs); default: every class but 0. */
    public final List<String> object_classes;
    /** A thin separating class (e.g. "boundary") whose pixels go to the adjacent object when instances are made. */
    public final String boundary_class;
    /**
     * Objects with fewer pixels (voxels in 3D) are dropped from instance labels as debris; 0 keeps all. With
     * {@link #one_object_per_class} a largest piece this small is dropped from the class image too ("none found").
     */
    public final long min_object_size;
    /**
     * With {@link #one_object_per_class}, above 0: of a class's pieces with at least {@link #min_object_size} pixels
     * the one of the highest mean probability of the class is kept, not the largest, and only if that mean reaches
     * this (set a minimum size too, or a speck the network is sure of wins). Tells "no lesion" from a lesion better
     * than size alone, where the network's stray guesses on an empty scan are large but unsure.
     */
    public final double min_object_probability;
    /**
     * The structure occurs once per scan: each class keeps its largest connected piece per volume and background
     * holes it encloses are filled (fetal head, organs).
     */
    public final boolean one_object_per_class;
    /**
     * The model's objects are volumes (organs in a scan): on a z-stack its instances connect across slices unless
     * asked otherwise, and counts are per volume, not per plane.
     */
    public final boolean objects_3d;
    /** Objects are split at necks at least this many pixels shallower than their parts; 0 = no splitting. */
    public final double split_depth;
    /**
     * 0: the network scores each class. K >= 2: the model has classes background and one object class, and its
     * network scores background and K levels of distance to the object's edge ({@code regions.DistanceLevels});
     * instances grow from the cores, and the class image shows the object class.
     */
    public final int distance_levels;
    /** With distance levels: pixels this deep or deeper are cores, one object per connected core. */
    public final int seed_level;
    /**
     * Pixels by which the annotators' outline runs inside the edge of the regions this model paints (the model
     * learnt masks that include a drawn line): fitted ellipses are measured that far inside (HC18 head circumference).
     */
    public final double outline_inset;
    public final Normalization normalization;
    /**
     * 2.5D: the network sees each plane together with this many planes above and below it (mirrored at the ends of
     * a stack) as extra input channels, so {@code input.channels} = image channels x (2 x context_slices + 1).
     */
    public final int context_slices;
    /** Tile sides must be multiples of this (2^poolings for a U-Net). */
    public final int size_divisor;
    /** Smallest tile core side the model is meant to run on. */
    public final int min_tile;
    /** Context in pixels on each side of a tile: at least the receptive-field radius, a multiple of size_divisor. */
    public final int halo;
    /** How a Pixelwise-trained network is built; lets a user fine-tune it. Absent for models from elsewhere. */
    public final Network network;
    /**
     * The flips and quarter turns the network was trained under; test-time augmentation averages exactly these.
     * Absent (models from elsewhere, or trained before this was recorded): all 8.
     */
    public final Symmetries symmetries;
    public final Map<String, String> provenance;

    /** Test-time augmentation's {@link Symmetry} codes: those {@link #symmetries} allow, or all 8 when unknown. */
    public int[] symmetryCodes() {
        return symmetries == null ? Symmetry.codes(true, true, true)
                : Symmetry.codes(symmetries.flip_x, symmetries.flip_y, symmetries.rotations);
    }

    private ModelDescriptor(Builder b) {
        this.format_version = b.format_version;
        this.name = b.name;
        this.description = b.description;
        this.tag = b.tag;
        this.signature = b.signature;
        this.input = b.input;
        this.output = b.output;
        this.classes = frozen(b.classes);
        this.object_classes = frozen(b.object_classes);
        this.boundary_class = b.boundary_class;
        this.min_object_size = b.min_object_size;
        this.min_object_probability = b.min_object_probability;
        this.one_object_per_class = b.one_object_per_class;
        this.objects_3d = b.objects_3d;
        this.split_depth = b.split_depth;
        this.distance_levels = b.distance_levels;
        this.seed_level = b.seed_level;
        this.outline_inset = b.outline_inset;
        this.normalization = b.normalization;
        this.context_slices = b.context_slices;
        this.size_divisor = b.size_divisor;
        this.min_tile = b.min_tile;
        this.halo = b.halo;
        this.network = b.network;
        this.symmetries = b.symmetries;
        this.provenance = b.provenance == null ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
    }

    /** An unmodifiable copy; unlike List.copyOf it keeps a null element for the checks to report. */
    private static <T> List<T> frozen(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A builder holding this descriptor's values, to make a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format_version = format_version;
        b.name = name;
        b.description = description;
        b.tag = tag;
        b.signature = signature;
        b.input = input;
        b.output = output;
        b.classes = classes;
        b.object_classes = object_classes;
        b.boundary_class = boundary_class;
        b.min_object_size = min_object_size;
        b.min_object_probability = min_object_probability;
        b.one_object_per_class = one_object_per_class;
        b.objects_3d = objects_3d;
        b.split_depth = split_depth;
        b.distance_levels = distance_levels;
        b.seed_level = seed_level;
        b.outline_inset = outline_inset;
        b.normalization = normalization;
        b.context_slices = context_slices;
        b.size_divisor = size_divisor;
        b.min_tile = min_tile;
        b.halo = halo;
        b.network = network;
        b.symmetries = symmetries;
        b.provenance = provenance;
        return b;
    }

    /**
     * A descriptor being put together; its fields are {@link ModelDescriptor}'s, with the defaults of keys a file
     * leaves out. Gson parses files into it.
     */
    public static final class Builder {
        public int format_version = 1;
        public String name;
        public String description;
        public String tag = "serve";
        public String signature = "serving_default";
        public TensorSpec input;
        public TensorSpec output;
        public List<String> classes;
        public List<String> object_classes;
        public String boundary_class;
        public long min_object_size;
        public double min_object_probability;
        public boolean one_object_per_class;
        public boolean objects_3d;
        public double split_depth;
        public int distance_levels;
        public int seed_level = 2;
        public double outline_inset;
        public Normalization normalization;
        public int context_slices;
        public int size_divisor = 1;
        public int min_tile = 64;
        public int halo;
        public Network network;
        public Symmetries symmetries;
        public Map<String, String> provenance;

        /** The descriptor as it stands now (unchecked: {@link ModelDescriptors} checks what it parses). */
        public ModelDescriptor build() {
            return new ModelDescriptor(this);
        }
    }

    /*
     * The parts below are immutable values, so a training configuration and the descriptors made from it can share
     * them. Their fields are the JSON keys; Gson fills them over what the no-argument constructor sets, which are the
     * defaults of keys a file leaves out.
     */

    /** Which flips and quarter turns leave the meaning of the image's classes unchanged, as training assumed. */
    public static final class Symmetries {
        public final boolean flip_x;
        public final boolean flip_y;
        public final boolean rotations;

        private Symmetries() {
            this(false, false, false);
        }

        public Symmetries(boolean flipX, boolean flipY, boolean rotations) {
            this.flip_x = flipX;
            this.flip_y = flipY;
            this.rotations = rotations;
        }
    }

    /** U-Net architecture, as {@code io.pixelwise.train.UNet.Config} reads it. */
    public static final class Network {
        public final String type;
        /** Resolution levels (depth 4 = three poolings). */
        public final int depth;
        public final int base_filters;
        public final boolean batch_norm;
        /** Normalise each image's (volume's) feature maps by their own statistics instead; not with batch_norm. */
        public final boolean instance_norm;
        /** Dropout rate after the bottleneck while training; 0 = none. */
        public final double dropout;
        /** The image is average-pooled by this factor before the U-Net and logits are upsampled back (1 = none). */
        public final int input_scale;
        /** 2: planes; 3: volumes, convolving and pooling along z too (the model's tensors then have a z axis). */
        public final int dimensions;

        /** The defaults: a 2D U-Net of depth 4 with 16 filters, no normalisation, no dropout. */
        public Network() {
            this(4, 16, false, false, 0, 1, 2);
        }

        public Network(int depth, int baseFilters, boolean batchNorm, boolean instanceNorm, double dropout,
                       int inputScale, int dimensions) {
            this("unet", depth, baseFilters, batchNorm, instanceNorm, dropout, inputScale, dimensions);
        }

        private Network(String type, int depth, int baseFilters, boolean batchNorm, boolean instanceNorm,
                        double dropout, int inputScale, int dimensions) {
            this.type = type;
            this.depth = depth;
            this.base_filters = baseFilters;
            this.batch_norm = batchNorm;
            this.instance_norm = instanceNorm;
            this.dropout = dropout;
            this.input_scale = inputScale;
            this.dimensions = dimensions;
        }

        public Network withDepth(int v) {
            return new Network(type, v, base_filters, batch_norm, instance_norm, dropout, input_scale, dimensions);
        }

        public Network withBaseFilters(int v) {
            return new Network(type, depth, v, batch_norm, instance_norm, dropout, input_scale, dimensions);
        }

        public Network withBatchNorm(boolean v) {
            return new Network(type, depth, base_filters, v, instance_norm, dropout, input_scale, dimensions);
        }

        public Network withInstanceNorm(boolean v) {
            return new Network(type, depth, base_filters, batch_norm, v, dropout, input_scale, dimensions);
        }

        public Network withDropout(double v) {
            return new Network(type, depth, base_filters, batch_norm, instance_norm, v, input_scale, dimensions);
        }

        public Network withInputScale(int v) {
            return new Network(type, depth, base_filters, batch_norm, instance_norm, dropout, v, dimensions);
        }

        public Network withDimensions(int v) {
            return new Network(type, depth, base_filters, batch_norm, instance_norm, dropout, input_scale, v);
        }
    }

    /** One input or output of the signature: its key there, its axes and its channel count. */
    public static final class TensorSpec {
        public final String name;
        /**
         * Axis letters in tensor order: b (batch), y, x, c (channel), in any order ("byxc", "bcyx", ...); a
         * volumetric model's tensors also have z ("bczyx", ...) and take a whole stack at once.
         */
        public final String axes;
        public final int channels;
        /**
         * For outputs: "probabilities" (softmax applied), "logits", or "foreground" (one channel, the foreground's
         * probability: classes background and foreground).
         */
        public final String kind;
        /** Spatial sizes the tensor accepts: {@code size_min + n * size_step}; 0 = any (the size divisor rules). */
        public final long size_min;
        public final long size_step;
        /** Depths (z) a volumetric model's input accepts: {@code depth_min + n * depth_step}; 0 = any. */
        public final long depth_min;
        public final long depth_step;
        /** For outputs: per-pixel operations of the BioImage Model Zoo applied to the scores ({id, kwargs}). */
        public final List<Map<String, Object>> steps;

        private TensorSpec() {
            this(null, "byxc", 0);
        }

        /** A tensor of any size whose scores, for an output, are probabilities. */
        public TensorSpec(String name, String axes, int channels) {
            this(name, axes, channels, "probabilities", 0, 0, 0, 0, null);
        }

        private TensorSpec(String name, String axes, int channels, String kind, long sizeMin, long sizeStep,
                           long depthMin, long depthStep, List<Map<String, Object>> steps) {
            this.name = name;
            this.axes = axes;
            this.channels = channels;
            this.kind = kind;
            this.size_min = sizeMin;
            this.size_step = sizeStep;
            this.depth_min = depthMin;
            this.depth_step = depthStep;
            this.steps = frozen(steps);
        }

        public TensorSpec withName(String v) {
            return new TensorSpec(v, axes, channels, kind, size_min, size_step, depth_min, depth_step, steps);
        }

        public TensorSpec withAxes(String v) {
            return new TensorSpec(name, v, channels, kind, size_min, size_step, depth_min, depth_step, steps);
        }

        public TensorSpec withChannels(int v) {
            return new TensorSpec(name, axes, v, kind, size_min, size_step, depth_min, depth_step, steps);
        }

        /** How to read the output's scores, and the zoo's per-pixel operations applied to them (null: none). */
        public TensorSpec withKind(String v, List<Map<String, Object>> scoreSteps) {
            return new TensorSpec(name, axes, channels, v, size_min, size_step, depth_min, depth_step, scoreSteps);
        }

        /** Sides accepted: {@code min + n * step} (step 0: only min). */
        public TensorSpec withSizes(long min, long step) {
            return new TensorSpec(name, axes, channels, kind, min, step, depth_min, depth_step, steps);
        }

        /** Depths accepted by a volumetric input: {@code min + n * step} (step 0: only min). */
        public TensorSpec withDepths(long min, long step) {
            return new TensorSpec(name, axes, channels, kind, size_min, size_step, min, step, steps);
        }
    }

    /** How raw pixel values are mapped to what the network saw in training, per channel. */
    public static final class Normalization {
        /** "percentile", "mean_std" or "bioimageio" (the steps of an imported model). */
        public final String type;
        public final double low;
        public final double high;
        public final double mean;
        public final double std;
        /** Where percentile statistics come from: "plane" (each plane) or "stack" (all planes of a z-stack). */
        public final String scope;
        /** For type "bioimageio": the zoo's preprocessing operations in order ({id, kwargs}). */
        public final List<Map<String, Object>> steps;
        /** Statistics over all channels together instead of each channel's own. */
        public final boolean joint_channels;

        private Normalization() {
            this(null, 1.0, 99.8, 0, 1, "plane", null, false);
        }

        private Normalization(String type, double low, double high, double mean, double std, String scope,
                              List<Map<String, Object>> steps, boolean jointChannels) {
            this.type = type;
            this.low = low;
            this.high = high;
            this.mean = mean;
            this.std = std;
            this.scope = scope;
            this.steps = frozen(steps);
            this.joint_channels = jointChannels;
        }

        /** Percentiles {@code low} and {@code high} of each plane's values map to 0 and 1. */
        public static Normalization percentile(double low, double high) {
            return new Normalization("percentile", low, high, 0, 1, "plane", null, false);
        }

        /** {@code (value - mean) / std}. */
        public static Normalization meanStd(double mean, double std) {
            return new Normalization("mean_std", 1.0, 99.8, mean, std, "plane", null, false);
        }

        /**
         * An imported model's zoo preprocessing operations ({id, kwargs}) in order; statistics are joint over the
         * channels when an operation's axes include the channel axis.
         */
        public static Normalization bioimageio(List<Map<String, Object>> steps) {
            boolean joint = steps.stream().anyMatch(p -> p.get("kwargs") instanceof Map<?, ?> k
                    && k.get("axes") instanceof List<?> a && (a.contains("channel") || a.contains("c")));
            return new Normalization("bioimageio", 1.0, 99.8, 0, 1, "plane", steps, joint);
        }

        /** The same mapping with statistics from "plane" (each plane) or "stack" (the whole z-stack). */
        public Normalization withScope(String v) {
            return new Normalization(type, low, high, mean, std, v, steps, joint_channels);
        }
    }

    /** The network takes a whole z-stack at once (its tensors have a z axis), not plane by plane. */
    public boolean volumetric() {
        return input.axes.indexOf('z') >= 0;
    }

    /** Channels per pixel the image itself must have. */
    public int imageChannels() {
        return input.channels / (2 * context_slices + 1);
    }

    public int classIndex(String className) {
        return classes.indexOf(className);
    }

    /** Indices of the classes that become objects: {@code object_classes}, or every class but the background. */
    public int[] objectClassIndices() {
        if (object_classes == null) {
            return java.util.stream.IntStream.range(1, classes.size()).toArray();
        }
        return object_classes.stream().mapToInt(this::classIndex).toArray();
    }

    /** Scores per pixel the model's network gives after a foreground channel is made two: classes or levels. */
    public int scoreChannels() {
        return distance_levels > 0 ? distance_levels + 1 : classes.size();
    }

    /** A name per score channel: the classes, or background and "OBJECT, level 1" ... (the last one and deeper). */
    public List<String> scoreNames() {
        if (distance_levels == 0) {
            return classes;
        }
        List<String> names = new java.util.ArrayList<>(List.of(classes.get(0)));
        for (int level = 1; level <= distance_levels; level++) {
            names.add(classes.get(1) + ", level " + level + (level == distance_levels ? "+" : ""));
        }
        return names;
    }

    /** Channels of the network's output tensor: one for a foreground model, else {@link #scoreChannels()}. */
    public int networkChannels() {
        return "foreground".equals(output.kind) ? 1 : scoreChannels();
    }

    /** Index of the boundary class, or -1 when the model has none. */
    public int boundaryClassIndex() {
        return boundary_class == null ? -1 : classIndex(boundary_class);
    }
}
