package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Plugins &gt; Pixelwise &gt; Cut Out Objects... : each chosen label of a label image (objects, or classes of a class
 * image) cut out of an image, cropped with a margin and cleared outside (transparent for RGB); or all of them in one
 * cutout. Shown, or saved to a folder. Options: {@link #SPEC}.
 */
public class CutOutPlugin implements PlugIn {

    static final String TITLE = "Cut Out Objects";
    static final String EACH = "each label";
    static final String TOGETHER = "all together";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.image("image", "Image", "the image to cut from"),
            Option.image("labels", "Labels image", "its label image (objects, or classes of a class image)"),
            Option.choice("cut", "Cut out", EACH, List.of(EACH, TOGETHER), "one cutout per label, or one for all"),
            Option.text("which", "Which labels (e.g. 2, 5-7; empty = all)", "", "the labels to cut out"),
            Option.integer("margin", "Margin (pixels)", 4, 0, 100_000, "space kept around each object"),
            Option.folder("save", "Save to (optional)", "save the cutouts here instead of showing them"),
            Option.flag("overwrite", "Overwrite existing files", false, "replace cutouts that exist")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        Dialogs.ImageAndLabels in = Dialogs.askImageAndLabels(SPEC, TITLE);
        if (in == null) {
            return;
        }
        try {
            for (ImagePlus cut : job(in.image(), in.labels(), in.values()).run(IJ::log)) {
                cut.show();
            }
        } catch (Exception e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }

    /** The run the values describe, shared with {@link CutOutCommand}. */
    static CutOutCommand.Job job(ImagePlus image, ImagePlus labels, OptionSpec.Values v) {
        String folder = v.optionalText("save");
        return new CutOutCommand.Job(image, labels, v.text("cut").equals(EACH),
                LabelList.parse(v.text("which"), SPEC.option("which").label()), v.integer("margin"),
                folder == null ? null : Path.of(folder), v.flag("overwrite"));
    }
}
