package io.pixelwise.command;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.Rois;
import io.pixelwise.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * For Pixelwise's macro files: their outputs are written as the commands' are, through {@link AtomicFiles}, so a
 * batch killed mid-write leaves no half file that its rerun would take for finished work (ImageJ's own
 * {@code saveAs} and {@code File.saveString} write in place). Each returns "" or why it failed, naming the file;
 * from a macro: {@code error = call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), path)}.
 */
public final class MacroFiles {

    private MacroFiles() {
    }

    /** Saves the open image with this ID ({@code getImageID()}) as PNG when the path ends in .png, else TIFF. */
    public static String saveImage(String imageId, String path) {
        ImagePlus imp = openImage(imageId);
        if (imp == null) {
            return "cannot write " + path + ": no open image has the ID '" + imageId + "'";
        }
        return write(path, () -> ImageFiles.save(imp, Path.of(path)));
    }

    public static String saveText(String text, String path) {
        return write(path, () -> AtomicFiles.writeString(Path.of(path), text));
    }

    /** Saves the ROI Manager's ROIs (the macro's own in batch mode) as an ImageJ ROI set. */
    public static String saveRois(String path) {
        RoiManager manager = RoiManager.getInstance();
        List<Roi> rois = manager == null ? List.of() : List.of(manager.getRoisAsArray());
        return write(path, () -> Rois.writeZip(rois, Path.of(path)));
    }

    private static ImagePlus openImage(String imageId) {
        try {
            return WindowManager.getImage(Integer.parseInt(imageId.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private static String write(String path, Write write) {
        try {
            write.run();
            return "";
        } catch (IOException | RuntimeException e) {
            // a plain IOException's message says why; a subclass's (AccessDenied, NoSuchFile...) only names a file
            return "cannot write " + path + ": " + (e.getClass() == IOException.class ? e.getMessage() : e);
        }
    }
}
