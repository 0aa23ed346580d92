package io.pixelwise.command;

import io.pixelwise.ij.Rois;
import io.pixelwise.ij.StreamedSegmentation;
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
    // macro key: folder
    public static final String FOLDER = "Folder for plane-by-plane results (stacks larger than memory; empty = in memory)";

    public static final String DEFAULT_MODEL = Models.DEFAULT;
    /**
     * Large enough that seams add little work (a 2048^2 image runs as 4 tiles of 1088^2, 1.13x its pixels), small
     * enough that segmenting it peaks at about 2 GiB of process memory (one 2048 tile: 4.8 GiB; BENCHMARKS.md).
     */
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
    public static final String DEFAULT_FOLDER = "";

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

    /**
     * The status line of a plane-by-plane run: what was found, where the results are, and that ROIs stay in their
     * file (hundreds of thousands of them would swamp an overlay or the ROI Manager).
     */
    public static String streamedSummary(String title, StreamedSegmentation.Opened o) {
        return String.format("Segment Image: %s, %s on %s in %.1f s, plane by plane into %s; %d ROIs in %s (ROI Manager "
                        + "> More > Open...) (%s)", title, o.summary().objectCounts(), o.summary().device(),
                o.summary().millis() / 1000.0, o.files().classes().getParent(), o.summary().rois(),
                o.files().rois().getFileName(), o.summary().times());
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
