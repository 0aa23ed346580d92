package io.pixelwise.eval;

import io.pixelwise.options.Option;
import io.pixelwise.options.Option.Front;
import io.pixelwise.options.OptionSpec;

import java.util.List;

/**
 * Evaluate Segmentation's options, declared once for its dialog (macro keys), its SciJava command and the
 * {@code Evaluate} command line.
 */
public final class EvaluateOptions {

    public static final String MENU_LABEL = "Evaluate Segmentation...";

    public static final String PREDICTION = "prediction";
    public static final String TRUTH = "truth";
    public static final String LABELS = "labels";
    public static final String VOLUMES = "3d";
    public static final String SAVE = "save";
    public static final String OVERWRITE = "overwrite";

    public static final String INSTANCES = "instances";
    public static final String CLASSES = "classes";
    public static final String BINARY = "binary";

    public static final OptionSpec SPEC = new OptionSpec("Evaluate Segmentation", List.of(
            Option.text(PREDICTION, "Prediction (open image or folder)", "", "the predicted labels: an open image "
                    + "or a folder").only(Front.DIALOG),
            Option.text(TRUTH, "Truth (open image or folder)", "", "the ground truth: an open image or a folder "
                    + "whose files pair with the predictions by name").only(Front.DIALOG),
            Option.choice(LABELS, "Labels are", INSTANCES, List.of(INSTANCES, CLASSES, BINARY),
                    "instances: values are object ids (AP at IoU 0.5:0.95); classes: values are classes; binary: "
                            + "anything above 0 is foreground (0/255 masks)"),
            Option.flag(VOLUMES, "3D objects (match per volume)", false,
                    "objects connect across slices: match per volume, not per plane"),
            Option.folder(SAVE, "Save tables to (optional)", "write the tables (classes, instances, images) as CSV "
                    + "into this folder").alias("out"),
            Option.flag(OVERWRITE, "Overwrite existing files", false, "replace existing tables")));

    private EvaluateOptions() {
    }
}
