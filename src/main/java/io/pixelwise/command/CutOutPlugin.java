package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.nio.file.Path;

/**
 * Plugins &gt; Pixelwise &gt; Cut Out Objects... : each chosen label of a label image (objects, or classes of a class
 * image) cut out of an image, cropped with a margin and cleared outside (transparent for RGB); or all of them in one
 * cutout. Shown, or saved to a folder. Macro keys: image, labels, cut, which, margin, save, overwrite.
 */
public class CutOutPlugin implements PlugIn {

    static final String EACH = "each label";
    static final String TOGETHER = "all together";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        String[] titles = Dialogs.openTitles("Cut Out Objects", "an image and its label image");
        if (titles == null) {
            return;
        }
        GenericDialog gd = new MacroDialog("Cut Out Objects");
        Dialogs.addImageAndLabels(gd, titles);
        gd.addChoice("Cut out", new String[] {EACH, TOGETHER}, EACH);
        gd.addStringField("Which labels (e.g. 2, 5-7; empty = all)", "", 12);
        gd.addNumericField("Margin (pixels)", 4, 0);
        gd.addDirectoryField("Save to (optional)", "");
        gd.addCheckbox("Overwrite existing files", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        ImagePlus image = Dialogs.image("Cut Out Objects", gd.getNextChoice(), "the image");
        ImagePlus labels = image == null ? null : Dialogs.image("Cut Out Objects", gd.getNextChoice(), "the label image");
        if (labels == null) {
            return;
        }
        boolean each = gd.getNextChoice().equals(EACH);
        String which = gd.getNextString();
        int margin = (int) gd.getNextNumber();
        String folder = gd.getNextString();
        boolean overwrite = gd.getNextBoolean();
        try {
            CutOutCommand.Job job = new CutOutCommand.Job(image, labels, each, LabelList.parse(which, "Which labels"),
                    margin, folder.isBlank() ? null : Path.of(folder), overwrite);
            for (ImagePlus cut : job.run(IJ::log)) {
                cut.show();
            }
        } catch (Exception e) {
            Dialogs.error("Cut Out Objects", e.getMessage());
        }
    }
}
