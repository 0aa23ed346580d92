package io.pixelwise.command;

import ij.IJ;
import ij.WindowManager;
import ij.gui.GenericDialog;

/** What the region tools' dialogs share: the open images to choose from. */
final class Dialogs {

    static final String IMAGE = "Image";
    static final String LABELS = "Labels image";

    private Dialogs() {
    }

    /** Titles of the open images, or null after telling the user what to open first. */
    static String[] openTitles(String command, String needed) {
        if (WindowManager.getImageCount() == 0) {
            IJ.error(command, "Open " + needed + " first");
            return null;
        }
        return WindowManager.getImageTitles();
    }

    /** An image (default the active one) and its label image (default the next open one). */
    static void addImageAndLabels(GenericDialog gd, String[] titles) {
        gd.addChoice(IMAGE, titles, IJ.getImage().getTitle());
        gd.addChoice(LABELS, titles, titles[titles.length > 1 ? 1 : 0]);
    }
}
