package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import io.pixelwise.options.OptionSpec;

import java.util.Map;
import java.util.function.Function;

/**
 * What the plugins' dialogs share: the open images to choose from, and how a failure is reported. A macro in batch
 * mode gets the message in the Log instead of a dialog (which would wait forever on a server) and can read it with
 * {@code call("io.pixelwise.command.Dialogs.lastError")}, so a batch loop can note why a file failed and go on.
 */
public final class Dialogs {

    private static String lastError = "";

    private Dialogs() {
    }

    /** Called as a command starts, so that {@link #lastError()} only ever tells about the latest command. */
    static synchronized void clearError() {
        lastError = "";
    }

    /** The last command's failure message ("" if it did not fail), cleared by reading it; for macros. */
    public static synchronized String lastError() {
        String e = lastError;
        lastError = "";
        return e;
    }

    static void error(String command, String message) {
        synchronized (Dialogs.class) {
            lastError = command + ": " + message;
        }
        if (Interpreter.isBatchMode()) {
            IJ.log(command + ": " + message);
        } else {
            IJ.error(command, message);
        }
    }

    /**
     * The values of a command that works on open images, its dialog filled with {@code defaults} for the active
     * image; null after telling the user to open {@code needed} first, or when canceled or a value is bad.
     */
    static OptionSpec.Values askOnOpenImages(OptionSpec spec, String command, String needed,
                                             Function<ImagePlus, Map<String, String>> defaults) {
        if (WindowManager.getImageCount() == 0) {
            error(command, "Open " + needed + " first");
            return null;
        }
        return SpecDialog.ask(spec, command, defaults.apply(WindowManager.getCurrentImage()));
    }

    /** The active image, or null after reporting (in the Log in batch mode, never a dialog) that none is open. */
    static ImagePlus activeImage(String command) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            error(command, "no image is open; open the image to work on first");
        }
        return imp;
    }

    /** The values of a command on an image and its label image, and those two images. */
    record ImageAndLabels(OptionSpec.Values values, ImagePlus image, ImagePlus labels) {
    }

    /**
     * Asks for the options of a command on an image and its label image (options {@code image} and {@code labels},
     * the second open image offered as the labels); null when canceled, or after reporting a bad value or an image
     * that is not open.
     */
    static ImageAndLabels askImageAndLabels(OptionSpec spec, String command) {
        OptionSpec.Values v = askOnOpenImages(spec, command, "an image and its label image", active -> {
            String[] titles = WindowManager.getImageTitles();
            return Map.of("labels", titles[titles.length > 1 ? 1 : 0]);
        });
        ImagePlus image = v == null ? null : image(command, v.text("image"), "the image");
        ImagePlus labels = image == null ? null : image(command, v.text("labels"), "the label image");
        return labels == null ? null : new ImageAndLabels(v, image, labels);
    }

    /**
     * The open image titled {@code title} (a macro may name one that is not open), or null after reporting that
     * none is, with the titles there are.
     */
    static ImagePlus image(String command, String title, String role) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) {
            error(command, "no image named '" + title + "' is open (" + role + "); open images: "
                    + String.join(", ", WindowManager.getImageTitles()));
        }
        return imp;
    }
}
