package io.pixelwise.command;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.Edits;
import io.pixelwise.io.FileNames;

/**
 * Plugins &gt; Pixelwise &gt; Blur Background... : portrait mode. Everything outside the chosen labels is blurred,
 * the subject stays as it is, the edge is feathered; the result is a new image. Macro keys: image, labels, subject,
 * strength, feather.
 */
public class BlurBackgroundPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        String[] titles = Dialogs.openTitles("Blur Background", "an image and its label image");
        if (titles == null) {
            return;
        }
        GenericDialog gd = new MacroDialog("Blur Background");
        Dialogs.addImageAndLabels(gd, titles);
        gd.addStringField("Subject labels (e.g. 2, 5-7; empty = all)", "", 12);
        gd.addNumericField("Strength (blur sigma, pixels)", BlurBackgroundCommand.DEFAULT_STRENGTH, 1);
        gd.addNumericField("Feather (pixels)", BlurBackgroundCommand.DEFAULT_FEATHER, 1);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        ImagePlus image = Dialogs.image("Blur Background", gd.getNextChoice(), "the image");
        ImagePlus labels = image == null ? null : Dialogs.image("Blur Background", gd.getNextChoice(), "the label image");
        if (labels == null) {
            return;
        }
        String subject = gd.getNextString();
        double strength = gd.getNextNumber();
        double feather = gd.getNextNumber();
        try {
            Edits.blurBackground(image, labels, LabelList.parse(subject, "Subject labels"), strength, feather,
                    FileNames.stem(image.getTitle()) + "-portrait").show();
        } catch (RuntimeException e) {
            Dialogs.error("Blur Background", e.getMessage());
        }
    }
}
