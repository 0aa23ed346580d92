package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.io.FileNames;

import java.io.IOException;
import java.nio.file.Path;

/**
 * File &gt; Save As &gt; Save NIfTI (Pixelwise)... : writes the active 8-, 16- or 32-bit image or stack (typically a
 * label volume) as NIfTI-1 with its voxel size and, when it was computed from a NIfTI scan, that scan's orientation,
 * so it overlays the scan in other viewers. Macro keys: {@code save} (the file), {@code overwrite}.
 */
public class SaveNiftiPlugin implements PlugIn {

    static final String TITLE = "Save NIfTI";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage(TITLE);
        if (imp == null) {
            return;
        }
        String dir = IJ.getDirectory("image");
        String suggested = (dir == null ? "" : dir) + FileNames.stem(imp.getTitle()) + ".nii.gz";
        GenericDialog gd = new MacroDialog(TITLE);
        gd.addFileField("Save to (.nii or .nii.gz)", suggested, 40);
        gd.addCheckbox("Overwrite an existing file", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        Path file = Path.of(gd.getNextString());
        boolean overwrite = gd.getNextBoolean();
        try {
            ImageFiles.saveNifti(imp, file, overwrite);
            IJ.showStatus(TITLE + ": wrote " + file);
        } catch (IOException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
