package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.io.FileInfo;
import ij.plugin.PlugIn;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.ij.Calibrations;
import io.pixelwise.measure.Calibration;
import io.pixelwise.measure.PixelSizes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Set Pixel Size from Table... : calibrates the active image from a CSV of pixel sizes by
 * file name ({@link PixelSizes}: columns file and pixel_size_UNIT), for a folder of scans whose files carry none
 * (HC18, BUSI). Macro keys: {@code table} (the CSV), {@code file} (the name to look up; default the image's file
 * name, else its title). A file the table does not list is an error, never a silent pixel calibration.
 */
public class SetPixelSizePlugin implements PlugIn {

    static final String COMMAND = "Set Pixel Size from Table";

    public static final OptionSpec SPEC = new OptionSpec(COMMAND, List.of(
            Option.file("table", "Table of pixel sizes (CSV)", "columns file and pixel_size_UNIT"),
            Option.text("file", "File name to look up", "", "default: the image's file name, else its title")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OptionSpec.Values v = Dialogs.askOnOpenImages(SPEC, COMMAND, "an image",
                active -> Map.of("file", fileName(active)));
        if (v == null) {
            return;
        }
        ImagePlus imp = WindowManager.getCurrentImage();
        String table = v.text("table").trim();
        String file = v.text("file").trim();
        if (table.isEmpty()) {
            Dialogs.error(COMMAND, "no pixel size table given (macro key 'table')");
            return;
        }
        try {
            Calibration cal = PixelSizes.read(Path.of(table)).of(file);
            Calibrations.apply(imp, cal);
            IJ.showStatus(COMMAND + ": '" + imp.getTitle() + "' has " + cal.pixelWidth() + " " + cal.unit()
                    + " pixels");
        } catch (IOException | RuntimeException e) {
            Dialogs.error(COMMAND, e.getMessage());
        }
    }

    /**
     * For macros: the pixel size the table gives a file, as a number, or why there is none (the table unreadable,
     * the file not in it). {@code call("io.pixelwise.command.SetPixelSizePlugin.pixelSize", table, file)}
     */
    public static String pixelSize(String table, String file) {
        try {
            return String.valueOf(PixelSizes.read(Path.of(table)).of(file).pixelWidth());
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The name of the file the image was opened from, or its title when it has none. */
    static String fileName(ImagePlus imp) {
        FileInfo fi = imp.getOriginalFileInfo();
        return fi != null && fi.fileName != null && !fi.fileName.isBlank() ? fi.fileName : imp.getTitle();
    }
}
