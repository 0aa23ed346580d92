package io.pixelwise.model;

import java.util.List;
import java.util.Map;

/**
 * What Pixelwise needs to know about a model besides its graph: the {@code pixelwise.json} file in a model folder.
 * Field names are the JSON keys; {@link ModelDescriptors} parses and checks them.
 */
public final class ModelDescriptor {

    public static final String FILE_NAME = "pixelwise.json";

    public int format_version = 1;
    public String name;
    public String description;
    /** SavedModel tag set and signature that hold the inference graph. */
    public String tag = "serve";
    public String signature = "serving_default";
    public TensorSpec input;
    public TensorSpec output;
    /** Class names in output channel order; index 0 is the background. */
    public List<String> classes;
    /** Classes whose connected components become objects (instances, ROIs); default: every class but 0. */
    public List<String> object_classes;
    /** A thin separating class (e.g. "boundary") whose pixels go to the adjacent object when instances are made. */
    public String boundary_class;
    /**
     * Objects with fewer pixels (voxels in 3D) are dropped from instance labels as debris; 0 keeps all. With
     * {@link #one_object_per_class} a largest piece this small is dropped from the class image too ("none found").
     */
    public long min_object_size;
    /**
     * With {@link #one_object_per_class}, above 0: of a class's pieces with at least {@link #min_object_size} pixels
     * the one of the highest mean probability of the class is kept, not the largest, and only if that mean reaches
     * this (set a minimum size too, or a speck the network is sure of wins). Tells "no lesion" from a lesion better
     * than size alone, where the network's stray guesses on an empty scan are large but unsure.
     */
    public double min_object_probability;
    /**
     * The structure occurs once per scan: each class keeps its largest connected piece per volume and background
     * holes it encloses are filled (fetal head, organs).
     */
    public boolean one_object_per_class;
    /**
     * The model's objects are volumes (organs in a scan): on a z-stack its instances connect across slices unless
     * asked otherwise, and counts are per volume, not per plane.
     */
    public boolean objects_3d;
    /** Objects are split at necks at least this many pixels shallower than their parts; 0 = no splitting. */
    public double split_depth;
    /**
     * 0: the network scores each class. K >= 2: the model has classes background and one object class, and its
     * network scores background and K levels of distance to the object's edge ({@code regions.DistanceLevels});
     * instances grow from the cores, and the class image shows the object class.
     */
    public int distance_levels;
    /** With distance levels: pixels this deep or deeper are cores, one object per connected core. */
    public int seed_level = 2;
    /**
     * Pixels by which the annotators' outline runs inside the edge of the regions this model paints (the model
     * learnt masks that include a drawn line): fitted ellipses are measured that far inside (HC18 head circumference).
     */
    public double outline_inset;
    public Normalization normalization;
    /**
     * 2.5D: the network sees each plane together with this many planes above and below it (mirrored at the ends of
     * a stack) as extra input channels, so {@code input.channels} = image channels x (2 x context_slices + 1).
     */
    public int context_slices;
    /** Tile sides must be multiples of this (2^poolings for a U-Net). */
    public int size_divisor = 1;
    /** Smallest tile core side the model is meant to run on. */
    public int min_tile = 64;
    /** Context in pixels on each side of a tile: at least the receptive-field radius, a multiple of size_divisor. */
    public int halo;
    /** How a Pixelwise-trained network is built; lets a user fine-tune it. Absent for models from elsewhere. */
    public Network network;
    /**
     * The flips and quarter turns the network was trained under; test-time augmentation averages exactly these.
     * Absent (models from elsewhere, or trained before this was recorded): all 8.
     */
    public Symmetries symmetries;
    public Map<String, String> provenance;

    /** Test-time augmentation's {@link Symmetry} codes: those {@link #symmetries} allow, or all 8 when unknown. */
    public int[] symmetryCodes() {
        return symmetries == null ? Symmetry.codes(true, true, true)
                : Symmetry.codes(symmetries.flip_x, symmetries.flip_y, symmetries.rotations);
    }

    /** Which flips and quarter turns leave the meaning of the image's classes unchanged, as training assumed. */
    public static final class Symmetries {
        public boolean flip_x;
        public boolean flip_y;
        public boolean rotations;
    }

    /** U-Net architecture, as {@code io.pixelwise.train.UNet.Config} reads it. */
    public static final class Network {
        public String type = "unet";
        /** Resolution levels (depth 4 = three poolings). */
        public int depth = 4;
        public int base_filters = 16;
        public boolean batch_norm;
        /** Normalise each image's (volume's) feature maps by their own statistics instead; not with batch_norm. */
        public boolean instance_norm;
        /** Dropout rate after the bottleneck while training; 0 = none. */
        public double dropout;
        /** The image is average-pooled by this factor before the U-Net and logits are upsampled back (1 = none). */
        public int input_scale = 1;
        /** 2: planes; 3: volumes, convolving and pooling along z too (the model's tensors then have a z axis). */
        public int dimensions = 2;
    }

    /** One input or output of the signature: its key there, its axes and its channel count. */
    public static final class TensorSpec {
        public String name;
        /**
         * Axis letters in tensor order: b (batch), y, x, c (channel), in any order ("byxc", "bcyx", ...); a
         * volumetric model's tensors also have z ("bczyx", ...) and take a whole stack at once.
         */
        public String axes = "byxc";
        public int channels;
        /**
         * For outputs: "probabilities" (softmax applied), "logits", or "foreground" (one channel, the foreground's
         * probability: classes background and foreground).
         */
        public String kind = "probabilities";
        /** Spatial sizes the tensor accepts: {@code size_min + n * size_step}; 0 = any (the size divisor rules). */
        public long size_min;
        public long size_step;
        /** Depths (z) a volumetric model's input accepts: {@code depth_min + n * depth_step}; 0 = any. */
        public long depth_min;
        public long depth_step;
        /** For outputs: per-pixel operations of the BioImage Model Zoo applied to the scores ({id, kwargs}). */
        public List<Map<String, Object>> steps;
    }

    /** How raw pixel values are mapped to what the network saw in training, per channel. */
    public static final class Normalization {
        /** "percentile", "mean_std" or "bioimageio" (the steps of an imported model). */
        public String type;
        public double low = 1.0;
        public double high = 99.8;
        public double mean;
        public double std = 1.0;
        /** Where percentile statistics come from: "plane" (each plane) or "stack" (all planes of a z-stack). */
        public String scope = "plane";
        /** For type "bioimageio": the zoo's preprocessing operations in order ({id, kwargs}). */
        public List<Map<String, Object>> steps;
        /** Statistics over all channels together instead of each channel's own. */
        public boolean joint_channels;
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
