package io.pixelwise.command;

import ij.io.OpenDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * File &gt; Import &gt; Image (Pixelwise)... : opens a file the way Pixelwise's command line does (any format ImageJ
 * reads, NIfTI volumes with their voxel size, TIFFs checked for truncation and for sizes beyond memory), so a macro
 * over a folder opens exactly what {@code Batch} would. Macro: {@code run("Image (Pixelwise)...", "open=/path/x.tif")};
 * a file that cannot be opened is an error in the Log (batch mode) and {@code Dialogs.lastError}, never a dialog.
 */
public class OpenImagePlugin implements PlugIn {

    static final String TITLE = "Open Image (Pixelwise)";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OpenDialog od = new OpenDialog("Open image or scan", arg);
        if (od.getFileName() == null) {
            return;
        }
        try {
            ImageFiles.open(Path.of(od.getDirectory(), od.getFileName())).show();
        } catch (IOException | RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
