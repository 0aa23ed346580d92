package io.pixelwise.command;

import ij.io.OpenDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.io.Nifti;

import java.io.IOException;
import java.nio.file.Path;

/**
 * File &gt; Import &gt; Image (Pixelwise)... : opens a file the way Pixelwise's command line does (any format ImageJ
 * reads, NIfTI volumes with their voxel size and orientation, TIFFs checked for truncation and for sizes beyond
 * memory), so a macro over a folder opens exactly what {@code Batch} would. File &gt; Import &gt; NIfTI Volume
 * (Pixelwise)... is the same command for NIfTI files only (argument {@code nifti}). Macro:
 * {@code run("Image (Pixelwise)...", "open=/path/x.tif")}; a file that cannot be opened is an error in the Log (batch
 * mode) and {@code Dialogs.lastError}, never a dialog.
 */
public class OpenImagePlugin implements PlugIn {

    static final String TITLE = "Open Image (Pixelwise)";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        boolean niftiOnly = "nifti".equals(arg);
        OpenDialog od = new OpenDialog(niftiOnly ? "Open NIfTI volume" : "Open image or scan", "");
        if (od.getFileName() == null) {
            return;
        }
        Path file = Path.of(od.getDirectory(), od.getFileName());
        if (niftiOnly && !Nifti.isNifti(file)) {
            Dialogs.error(TITLE, file + " is not a NIfTI file (expected .nii or .nii.gz)");
            return;
        }
        try {
            ImageFiles.open(file).show();
        } catch (IOException | RuntimeException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
