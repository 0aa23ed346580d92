package io.pixelwise.command;

import io.pixelwise.ij.Rois;
import io.pixelwise.model.Models;
import io.pixelwise.regions.Connectivity;

/**
 * Option names and defaults of Segment Image, in one place: the ImageJ 1.x dialog derives its macro keys from
 * these labels (first word, lower case), the SciJava command and the command line use the same defaults.
 */
public final class SegmentOptions {

    public static final String MENU_LABEL = "Segment Image...";

    public static final String MODEL = "Model";                 // macro key: model
    public static final String TILE = "Tile size";              // tile
    public static final String CLASSES = "Class image";         // class
    public static final String INSTANCES = "Instance labels";   // instance
    public static final String PROBABILITIES = "Probabilities"; // probabilities
    public static final String ROIS = "ROIs to";                // rois
    public static final String VOLUMES = "3D objects";          // 3d
    public static final String THREADS = "Threads per op";      // threads
    public static final String INTER_THREADS = "Parallel ops";  // parallel
    public static final String TOUCHING = "Objects touch by";   // objects
    public static final String MIN_SIZE = "Minimum object size (pixels, -1 = the model's)";    // minimum
    // macro key: split
    public static final String SPLIT = "Split touching objects at necks of (pixels, 0 = never, -1 = the model's)";
    public static final String PANOPTIC = "Panoptic image (class and instance channels)";     // panoptic

    public static final String DEFAULT_MODEL = Models.DEFAULT;
    /** Large enough that the halo adds little work (1.27x the pixels), small enough for ~1 GB of activations. */
    public static final int DEFAULT_TILE = 1024;
    public static final boolean DEFAULT_CLASSES = true;
    public static final boolean DEFAULT_INSTANCES = true;
    public static final boolean DEFAULT_PROBABILITIES = false;
    public static final String ROIS_OVERLAY = "Overlay";
    public static final String ROIS_MANAGER = "ROI Manager";
    public static final String ROIS_NONE = "None";
    public static final String[] ROI_CHOICES = {ROIS_OVERLAY, ROIS_MANAGER, ROIS_NONE};
    public static final boolean DEFAULT_VOLUMES = false;
    /** 0: TensorFlow uses all cores inside each op. */
    public static final int DEFAULT_THREADS = 0;
    /** 0: TensorFlow chooses how many independent ops run at once. */
    public static final int DEFAULT_INTER_THREADS = 0;

    public static final String TOUCH_SIDES = "sides";
    public static final String TOUCH_CORNERS = "sides and corners";
    public static final String[] TOUCH_CHOICES = {TOUCH_SIDES, TOUCH_CORNERS};
    public static final long DEFAULT_MIN_SIZE = -1;
    public static final double DEFAULT_SPLIT = -1;
    public static final boolean DEFAULT_PANOPTIC = false;

    private SegmentOptions() {
    }

    /** Sides only: 4-connected in 2D, 6 in 3D; with corners: 8 and 26. */
    public static Connectivity touching(String choice) {
        return switch (choice) {
            case TOUCH_SIDES -> Connectivity.FACE;
            case TOUCH_CORNERS -> Connectivity.FULL;
            default -> throw new IllegalArgumentException("'" + TOUCHING + "' must be '" + TOUCH_SIDES + "' or '"
                    + TOUCH_CORNERS + "', was '" + choice + "'");
        };
    }

    public static Rois.Target roiTarget(String choice) {
        return switch (choice) {
            case ROIS_OVERLAY -> Rois.Target.OVERLAY;
            case ROIS_MANAGER -> Rois.Target.ROI_MANAGER;
            case ROIS_NONE -> Rois.Target.NONE;
            default -> throw new IllegalArgumentException("'" + ROIS + "' must be one of "
                    + String.join(", ", ROI_CHOICES) + ", was '" + choice + "'");
        };
    }
}
