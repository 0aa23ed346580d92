package io.pixelwise.command;

import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.ij.Edits;
import io.pixelwise.io.FileNames;

import java.util.List;

/**
 * Plugins &gt; Pixelwise &gt; Blur Background... : portrait mode. Everything outside the chosen labels is blurred,
 * the subject stays as it is, the edge is feathered; the result is a new image. Options: {@link #SPEC}.
 */
public class BlurBackgroundPlugin implements PlugIn {

    static final String TITLE = "Blur Background";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.image("image", "Image", "the image to blur around its subject"),
            Option.image("labels", "Labels image", "its label image"),
            Option.text("subject", "Subject labels (e.g. 2, 5-7; empty = all)", "", "the labels that stay sharp"),
            Option.number("strength", "Strength (blur sigma, pixels)", 8, 0, 1000, "Gaussian sigma of the blur"),
            Option.number("feather", "Feather (pixels)", 4, 0, 1000, "width of the soft edge around the subject")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        Dialogs.ImageAndLabels in = Dialogs.askImageAndLabels(SPEC, TITLE);
        if (in == null) {
            return;
        }
        try {
            portrait(in.image(), in.labels(), in.values()).show();
        } catch (RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }

    /** The blurred copy the values describe, shared with {@link BlurBackgroundCommand}. */
    static ImagePlus portrait(ImagePlus image, ImagePlus labels, OptionSpec.Values v) {
        return Edits.blurBackground(image, labels, LabelList.parse(v.text("subject"), SPEC.option("subject").label()),
                v.number("strength"), v.number("feather"), FileNames.stem(image.getTitle()) + "-portrait");
    }
}
