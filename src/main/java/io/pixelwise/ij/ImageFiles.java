package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.FolderOpener;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.io.Nifti;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way Pixelwise opens an image file: NIfTI volumes through our reader (with voxel size as calibration),
 * everything else through ImageJ's opener (TIFF stacks and hyperstacks, PNG, JPEG, DICOM, ...). Files are only read.
 * Also writes images as NIfTI, keeping the orientation of the NIfTI volume they were computed from.
 */
public final class ImageFiles {

    /** Image property holding a NIfTI volume's orientation ({@link Nifti.Orientation#encode()}). */
    public static final String NIFTI_ORIENTATION = "Pixelwise.nifti.orientation";

    private ImageFiles() {
    }

    /**
     * Opens an image file, or a folder holding a DICOM series (one file per slice), which ImageJ stacks in the order
     * of the slices' positions with pixel spacing and slice spacing as calibration.
     */
    public static ImagePlus open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return openSeries(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("Image file not found: " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file.toAbsolutePath() + ": permission denied (the file cannot be read)");
        }
        if (Nifti.isNifti(file)) {
            return toImagePlus(Nifti.read(file), file.getFileName().toString());
        }
        if (TiffChecks.isTiff(file)) {
            TiffChecks.check(file, true);
        }
        IJ.redirectErrorMessages();           // a reader's complaint goes to the Log, not a dialog aborting a macro
        ImagePlus imp = read(file, () -> IJ.openImage(file.toString()));
        if (imp == null) {
            throw new IOException("ImageJ cannot open " + file.toAbsolutePath()
                    + " as an image (expected TIFF, PNG, JPEG, DICOM, NIfTI, ...)");
        }
        return imp;
    }

    /**
     * Opens an image for reading one plane at a time: a TIFF as a virtual stack, which stays on disk and reads each
     * plane when asked; other formats as {@link #open} does, all in memory.
     */
    public static ImagePlus openPlaneByPlane(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!Files.isRegularFile(file) || !(name.endsWith(".tif") || name.endsWith(".tiff"))) {
            return open(file);
        }
        TiffChecks.check(file, false);
        IJ.redirectErrorMessages();
        ImagePlus imp = IJ.openVirtual(file.toString());
        if (imp == null || imp.getStackSize() == 0) {
            throw new IOException("ImageJ cannot read " + file.toAbsolutePath() + " plane by plane as a TIFF stack");
        }
        return imp;
    }

    /** The file an image was opened from, or null when it was made in memory. */
    public static Path sourceFile(ImagePlus imp) {
        ij.io.FileInfo fi = imp.getOriginalFileInfo();
        return fi == null || fi.directory == null || fi.fileName == null || fi.directory.isEmpty() ? null
                : Path.of(fi.directory, fi.fileName);
    }

    /**
     * Writes an image as PNG when {@code file} ends in .png, else as TIFF (a stack as one multi-page TIFF), through
     * {@link AtomicFiles}: never a half file under the final name. Returns the file.
     */
    public static Path save(ImagePlus imp, Path file) throws IOException {
        boolean png = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png");
        return AtomicFiles.write(file, temp -> {
            FileSaver saver = new FileSaver(imp);
            boolean ok = png ? saver.saveAsPng(temp.toString()) : imp.getStackSize() > 1
                    ? saver.saveAsTiffStack(temp.toString()) : saver.saveAsTiff(temp.toString());
            if (!ok || !Files.isRegularFile(temp)) {
                throw new IOException("could not write " + file.toAbsolutePath()
                        + " (ImageJ's writer failed: disk full or no permission?)");
            }
        });
    }

    /** {@code output}, unless writing it would overwrite {@code input} (null: nothing to protect). */
    public static Path notInput(Path output, Path input) throws IOException {
        if (input != null && Files.exists(output) && Files.exists(input) && Files.isSameFile(output, input)) {
            throw new IllegalArgumentException("output " + output + " would overwrite the input image");
        }
        return output;
    }

    /**
     * What one of ImageJ's readers made of {@code file}; a reader that fails on corrupt bytes with an exception of
     * its own (ImageJ's DICOM decoder: NegativeArraySizeException on a broken element length) is a clear error
     * naming the file, never a stack trace or a dead batch.
     */
    private static ImagePlus read(Path file, java.util.function.Supplier<ImagePlus> reader) throws IOException {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            throw new IOException("ImageJ's reader failed on " + file.toAbsolutePath() + ": the file is corrupt or "
                    + "not an image it reads (" + e + ")", e);
        }
    }

    private static ImagePlus openSeries(Path folder) throws IOException {
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("Folder " + folder.toAbsolutePath() + " holds no image files");
        }
        ImagePlus imp = read(folder, () -> FolderOpener.open(folder.toString()));
        if (imp == null) {
            throw new IOException("ImageJ cannot open the files in " + folder.toAbsolutePath()
                    + " as one series (expected one DICOM file or image per slice, all the same size)");
        }
        if (imp.getStackSize() != files.size()) {
            // ImageJ leaves out a slice of another size and spaces the rest as if it were not missing.
            List<String> odd = new ArrayList<>();
            for (Path f : files) {
                ImagePlus slice = read(f, () -> IJ.openImage(f.toString()));
                if (slice == null || slice.getWidth() != imp.getWidth() || slice.getHeight() != imp.getHeight()) {
                    odd.add(f.getFileName() + (slice == null ? " (unreadable)" : " (" + slice.getWidth() + "x"
                            + slice.getHeight() + ")"));
                }
            }
            throw new IOException("Series " + folder.toAbsolutePath() + ": " + imp.getStackSize() + " of "
                    + files.size() + " files are " + imp.getWidth() + "x" + imp.getHeight() + " slices; "
                    + (odd.isEmpty() ? "the others" : String.join(", ", odd)) + " cannot join them, and a series "
                    + "with a slice missing would have the wrong spacing; remove or fix them");
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
        if (v.orientation() != null) {
            imp.setProp(NIFTI_ORIENTATION, v.orientation().encode());
        }
        imp.resetDisplayRange();
        return imp;
    }

    /** Gives images computed from {@code source} its place in scanner space, for when they are saved as NIfTI. */
    public static void keepSpace(ImagePlus source, ImagePlus... results) {
        String orientation = source.getProp(NIFTI_ORIENTATION);
        if (orientation != null) {
            for (ImagePlus r : results) {
                if (r != null) {
                    r.setProp(NIFTI_ORIENTATION, orientation);
                }
            }
        }
    }

    private static float[] calibrated(ij.process.ImageProcessor raw, float[] values) {
        float[] out = new float[raw.getPixelCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[raw.get(i)];
        }
        return out;
    }

    /**
     * Writes an 8-, 16- or 32-bit single-channel image or stack as NIfTI-1 ({@code .nii} or {@code .nii.gz}) with
     * its calibration as voxel size (and, where it has a calibration function, the values that gives, as 32-bit);
     * keeps an existing file unless {@code overwrite}.
     */
    public static void saveNifti(ImagePlus imp, Path file, boolean overwrite) throws IOException {
        if (Files.exists(file) && !overwrite) {
            throw new IOException(file.toAbsolutePath() + " exists; choose another name or allow overwriting");
        }
        Nifti.PixelType type = switch (imp.getBitDepth()) {
            case 8 -> Nifti.PixelType.UINT8;
            case 16 -> Nifti.PixelType.UINT16;
            case 32 -> Nifti.PixelType.FLOAT32;
            default -> throw new IOException("'" + imp.getTitle() + "' is RGB; NIfTI export takes 8-, 16- or 32-bit "
                    + "images (convert it with Image > Type first)");
        };
        if (imp.getNChannels() > 1) {
            throw new IOException("'" + imp.getTitle() + "' has " + imp.getNChannels()
                    + " channels; NIfTI export takes single-channel images and stacks");
        }
        ImageStack stack = imp.getStack();
        Calibration cal = imp.getCalibration();
        // A calibration function (a CT's Hounsfield units, signed 16-bit data) is written as the values it gives
        float[] values = type == Nifti.PixelType.FLOAT32 || !cal.calibrated() ? null : cal.getCTable();
        Object[] planes = new Object[stack.getSize()];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = values == null ? stack.getPixels(i + 1) : calibrated(stack.getProcessor(i + 1), values);
        }
        // Sizes, not directions: a series stacked in descending position can carry a negative voxel depth
        Nifti.Volume v = new Nifti.Volume(imp.getWidth(), imp.getHeight(), imp.getNSlices(), imp.getNFrames(),
                new double[]{Math.abs(cal.pixelWidth), Math.abs(cal.pixelHeight), Math.abs(cal.pixelDepth)},
                cal.getUnit(), values == null ? type : Nifti.PixelType.FLOAT32, planes,
                Nifti.Orientation.decode(imp.getProp(NIFTI_ORIENTATION)));
        Nifti.write(v, file);
    }
}
