package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import io.pixelwise.io.Nifti;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way Pixelwise opens an image file: NIfTI volumes through our reader (with voxel size as calibration),
 * everything else through ImageJ's opener (TIFF stacks and hyperstacks, PNG, JPEG, DICOM, ...). Files are only read.
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    public static ImagePlus open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Image file not found: " + file.toAbsolutePath());
        }
        if (Nifti.isNifti(file)) {
            return toImagePlus(Nifti.read(file), file.getFileName().toString());
        }
        ImagePlus imp = IJ.openImage(file.toString());
        if (imp == null) {
            throw new IOException("ImageJ cannot open " + file.toAbsolutePath()
                    + " as an image (expected TIFF, PNG, JPEG, DICOM, NIfTI, ...)");
        }
        return imp;
    }

    /** A NIfTI volume as a z-stack (or hyperstack over time) sharing the volume's plane arrays. */
    public static ImagePlus toImagePlus(Nifti.Volume v, String title) {
        ImageStack stack = new ImageStack(v.width(), v.height());
        for (Object plane : v.planes()) {
            stack.addSlice(null, plane);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, v.depth(), v.frames());
        if (v.frames() > 1) {
            imp.setOpenAsHyperStack(true);
        }
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = v.spacing()[0];
        cal.pixelHeight = v.spacing()[1];
        cal.pixelDepth = v.spacing()[2];
        cal.setUnit(v.unit());
        imp.resetDisplayRange();
        return imp;
    }
}
