package io.pixelwise.command;

import ij.io.OpenDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.io.Nifti;

import java.io.IOException;
import java.nio.file.Path;

/**
 * File &gt; Import &gt; NIfTI Volume (Pixelwise)... : opens a {@code .nii} / {@code .nii.gz} volume with its voxel size
 * as calibration (and its orientation kept for saving labels back). Macro: {@code run("NIfTI Volume (Pixelwise)...",
 * "open=/path/scan.nii.gz")}.
 */
public class OpenNiftiPlugin implements PlugIn {

    static final String TITLE = "NIfTI Volume";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        OpenDialog od = new OpenDialog("Open NIfTI volume", arg);
        if (od.getFileName() == null) {
            return;
        }
        Path file = Path.of(od.getDirectory(), od.getFileName());
        if (!Nifti.isNifti(file)) {
            Dialogs.error(TITLE, file + " is not a NIfTI file (expected .nii or .nii.gz)");
            return;
        }
        try {
            ImageFiles.open(file).show();
        } catch (IOException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
