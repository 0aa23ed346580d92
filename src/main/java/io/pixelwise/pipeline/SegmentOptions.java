package io.pixelwise.pipeline;

import io.pixelwise.infer.TileSizes;
import io.pixelwise.model.Models;
import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.NumberRanges;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.regions.Connectivity;

import java.util.ArrayList;
import java.util.List;

/**
 * Segment Image's options, each declared once here: the ImageJ dialog (and so its macro keys and Recorder lines),
 * the SciJava command's inputs, the {@code Segment} and {@code Batch} command-line flags and the README's table
 * are all made from {@link #SPEC}. Keys are the macro keys users have recorded; older spellings are aliases.
 */
public final class SegmentOptions {

    public static final String MENU_LABEL = "Segment Image...";

    public static final String MODEL = "model";
    public static final String TILE = "tile";
    public static final String CLASSES = "class";
    public static final String INSTANCES = "instance";
    public static final String PROBABILITIES = "probabilities";
    public static final String ROIS = "rois";
    public static final String VOLUMES = "3d";
    public static final String TOUCHING = "objects";
    public static final String MIN_SIZE = "minimum";
    public static final String SPLIT = "split";
    public static final String PANOPTIC = "panoptic";
    public static final String FOLDER = "folder";
    public static final String THREADS = "threads";
    public static final String PARALLEL = "parallel";
    public static final String AUGMENT = "tta";
    public static final String CHANNELS = "channels";
    public static final String EXCLUDE_EDGES = "exclude";

    public static final String ROIS_OVERLAY = "Overlay";
    public static final String ROIS_MANAGER = "ROI Manager";
    public static final String ROIS_NONE = "None";
    public static final String TOUCH_SIDES = "sides";
    public static final String TOUCH_CORNERS = "sides and corners";

    public static final OptionSpec SPEC = new OptionSpec("Segment Image", List.of(
            Option.model(MODEL, "Model", Models.DEFAULT, "bundled model name or model folder"),
            Option.flag(CLASSES, "Class image", true, "show the class image").only(Front.DIALOG, Front.SCIJAVA),
            Option.flag(INSTANCES, "Instance labels", true, "show the instance label image").only(Front.DIALOG, Front.SCIJAVA),
            Option.choice(ROIS, "ROIs to", ROIS_OVERLAY, List.of(ROIS_OVERLAY, ROIS_MANAGER, ROIS_NONE),
                    "where the objects' ROIs go").only(Front.DIALOG, Front.SCIJAVA),
            Option.text(CHANNELS, "Channels for the model (e.g. 1 or 2,3; empty = all)", "",
                    "the image's channels the model sees, in order (RGB: 1 red, 2 green, 3 blue); empty = all"),
            Option.flag(VOLUMES, "3D objects", false, "objects connect across slices (z-stacks)"),
            Option.flag(EXCLUDE_EDGES, "Exclude objects on edges", false, "leave out objects that touch the "
                    + "image's edge (in x or y), as Analyze Particles does: whole objects only, for counts and sizes "
                    + "the field's edge does not bias; the class image keeps their pixels"),
            Option.flag(PROBABILITIES, "Probabilities", false, "also make per-class probabilities").markAdvanced(),
            Option.flag(PANOPTIC, "Panoptic image (class and instance channels)", false,
                    "also make a panoptic image (channel 1 class, channel 2 instance id)").markAdvanced(),
            Option.choice(TOUCHING, "Objects touch by", TOUCH_SIDES, List.of(TOUCH_SIDES, TOUCH_CORNERS),
                    "how object pixels connect: sides (4 / 6 neighbours) or also corners (8 / 26)")
                    .alias("corners", TOUCH_CORNERS).markAdvanced(),
            Option.integer(MIN_SIZE, "Minimum object size (pixels, -1 = the model's)", -1, -1, Long.MAX_VALUE,
                    "smallest object kept, in pixels (voxels in 3D); -1 = the model's").alias("min-size").markAdvanced(),
            Option.number(SPLIT, "Split touching objects at necks of (pixels, 0 = never, -1 = the model's)", -1,
                    -1, 1e6, "split touching objects at necks this many pixels deep; 0 = never, -1 = the model's")
                    .markAdvanced(),
            Option.flag(AUGMENT, "TTA: average the flips and turns the model learnt (up to 8x the time)",
                    false, "test-time augmentation: each tile also runs flipped and turned as in the model's "
                    + "training (up to 8 ways), the results averaged")
                    .markAdvanced(),
            Option.integer(TILE, "Tile size (pixels, 0 = from free memory)", TileSizes.AUTO, 0, 1 << 15,
                    "tile side in pixels; 0 = the largest the free memory allows (larger: fewer seams, more memory)")
                    .markAdvanced(),
            Option.folder(FOLDER, "Folder for plane-by-plane results (stacks larger than memory; empty = in memory)",
                    "segment plane by plane, writing results into this folder").only(Front.DIALOG, Front.SCIJAVA).markAdvanced(),
            Option.integer(THREADS, "Threads per op", 0, 0, 4096, "TensorFlow threads per op, 0 = all cores")
                    .markAdvanced(),
            Option.integer(PARALLEL, "Parallel ops", 0, 0, 4096,
                    "TensorFlow ops run concurrently, 0 = TensorFlow's choice").markAdvanced()));

    private SegmentOptions() {
    }

    /** The pipeline settings the values describe. */
    public static Pipeline.Settings settings(OptionSpec.Values v) {
        return new Pipeline.Settings(v.integer(TILE), v.flag(PROBABILITIES), v.flag(VOLUMES),
                v.text(TOUCHING).equals(TOUCH_CORNERS) ? Connectivity.FULL : Connectivity.FACE,
                v.longValue(MIN_SIZE), v.number(SPLIT), v.flag(EXCLUDE_EDGES), v.flag(PANOPTIC), v.flag(AUGMENT),
                channels(v.text(CHANNELS)));
    }

    /** More channels than any image a model runs on has; a range beyond it is a typing error, not a request. */
    static final int MAX_CHANNEL = 1 << 16;

    /** "2", "3,1" or "1-3" as channel numbers in that order; empty text: every channel (an empty list). */
    public static List<Integer> channels(String text) {
        List<Integer> out = new ArrayList<>();
        String label = SPEC.option(CHANNELS).label();
        for (int[] r : NumberRanges.parse(text, label, "channel")) {
            if (r[1] > MAX_CHANNEL) {
                throw new IllegalArgumentException("'" + label + "' lists channel " + r[1] + "; channels go up to "
                        + MAX_CHANNEL);
            }
            for (int c = r[0]; c <= r[1]; c++) {
                out.add(c);
            }
        }
        return out;
    }
}
