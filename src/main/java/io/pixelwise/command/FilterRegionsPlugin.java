package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.ij.Edits;
import io.pixelwise.io.FileNames;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.regions.LabelFilter;

import java.util.List;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Filter Regions... : a copy of a label image keeping the objects within a size range
 * and, optionally, off the image's edge (MorphoLibJ's Label Size Filtering and Remove Border Labels, Analyze
 * Particles' size range and "exclude on edges"), for label images from anywhere. Options: {@link #SPEC}.
 */
public class FilterRegionsPlugin implements PlugIn {

    static final String TITLE = "Filter Regions";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.image("label", "Label image", "every label value is an object (over all slices of a time point)")
                    .alias("labels"),
            Option.integer("minimum", "Minimum size (pixels, voxels in stacks)", 0, 0, Long.MAX_VALUE,
                    "smallest object kept, in pixels (voxels over the slices of a time point)"),
            Option.integer("maximum", "Maximum size (pixels, 0 = no limit)", 0, 0, Long.MAX_VALUE,
                    "largest object kept, in pixels (voxels); 0 = no limit"),
            Option.flag("exclude", "Exclude objects on edges", false, "leave out objects that touch the image's "
                    + "edge (in x or y, on any slice), as Analyze Particles does")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OptionSpec.Values v = Dialogs.askOnOpenImages(SPEC, TITLE, "a label image", active -> Map.of());
        ImagePlus labels = v == null ? null : Dialogs.image(TITLE, v.text("label"), "the label image");
        if (labels == null) {
            return;
        }
        try {
            Edits.Filtered f = filter(labels, v);
            f.labels().show();
            IJ.showStatus(TITLE + ": kept " + f.kept() + " of " + f.objects() + " objects");
        } catch (RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }

    /** The filtered copy the values describe, shared with {@link FilterRegionsCommand}. */
    static Edits.Filtered filter(ImagePlus labels, OptionSpec.Values v) {
        long min = v.longValue("minimum");
        long max = v.longValue("maximum") == 0 ? LabelFilter.NO_MAXIMUM : v.longValue("maximum");
        if (max < min) {
            throw new IllegalArgumentException("'" + SPEC.option("maximum").label() + "' is " + max + ", below '"
                    + SPEC.option("minimum").label() + "' (" + min + "); expected 0 (no limit) or at least "
                    + min);
        }
        return Edits.filterLabels(labels, min, max, v.flag("exclude"),
                FileNames.stem(labels.getTitle()) + "-filtered");
    }
}
