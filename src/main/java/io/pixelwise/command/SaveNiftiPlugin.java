package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.io.FileNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * File &gt; Save As &gt; Save NIfTI (Pixelwise)... : writes the active 8-, 16- or 32-bit image or stack (typically a
 * label volume) as NIfTI-1 with its voxel size and, when it was computed from a NIfTI scan, that scan's orientation,
 * so it overlays the scan in other viewers. Macro keys: {@code save} (the file), {@code overwrite}.
 */
public class SaveNiftiPlugin implements PlugIn {

    static final String TITLE = "Save NIfTI";

    public static final OptionSpec SPEC = new OptionSpec(TITLE, List.of(
            Option.file("save", "Save to (.nii or .nii.gz)", "the NIfTI file to write"),
            Option.flag("overwrite", "Overwrite an existing file", false, "replace a file that exists")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage(TITLE);
        if (imp == null) {
            return;
        }
        String dir = IJ.getDirectory("image");
        String suggested = (dir == null ? "" : dir) + FileNames.stem(imp.getTitle()) + ".nii.gz";
        OptionSpec.Values v = SpecDialog.ask(SPEC, TITLE, Map.of("save", suggested));
        if (v == null) {
            return;
        }
        if (v.optionalText("save") == null) {
            Dialogs.error(TITLE, "no file to save to (macro key 'save')");
            return;
        }
        Path file = Path.of(v.optionalText("save"));
        try {
            ImageFiles.saveNifti(imp, file, v.flag("overwrite"));
            IJ.showStatus(TITLE + ": wrote " + file);
        } catch (IOException e) {
            Dialogs.error(TITLE, e.getMessage());
        }
    }
}
