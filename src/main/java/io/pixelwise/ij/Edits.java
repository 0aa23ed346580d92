package io.pixelwise.ij;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import io.pixelwise.edit.BackgroundBlur;
import io.pixelwise.edit.Cutout;
import io.pixelwise.regions.LabelFilter;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.ConstantUtils;
import net.imglib2.view.Views;

import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Cut Out Objects, Blur Background and Filter Regions on ImageJ images: new images are made here, and the core
 * writes into them (cutouts, blur) or decides which objects stay in them (filter).
 * RGB cutouts become 4-channel 8-bit images (red, green, blue, alpha) so the cleared outside is transparent, which
 * ImageJ keeps when saving as PNG. The source images are only read.
 */
public final class Edits {

    private Edits() {
    }

    /** Non-zero values of a label image, sorted: the objects (or classes) one can cut out. */
    public static List<Integer> values(ImagePlus labels) {
        TreeSet<Integer> v = new TreeSet<>();
        for (IntType t : Views.flatIterable(ImagePlusViews.labels(labels))) {
            if (t.get() != 0) {
                v.add(t.get());
            }
        }
        return List.copyOf(v);
    }

    /** A filtered copy of a label image and how many objects it kept of how many. */
    public record Filtered(ImagePlus labels, int kept, int objects) {
    }

    /**
     * A copy of {@code labels} (calibration and properties such as class names kept, ids unchanged) without the
     * objects that {@link LabelFilter} drops: fewer than {@code minSize} or more than {@code maxSize} pixels (voxels
     * over the slices of a time point), or touching the image's edge where {@code excludeEdges}. Each time point is
     * filtered on its own. The copy has no overlay: ROIs of the objects dropped would be stale.
     */
    public static Filtered filterLabels(ImagePlus labels, long minSize, long maxSize, boolean excludeEdges,
                                        String title) {
        RandomAccessibleInterval<IntType> lab = ImagePlusViews.labels(labels);
        ImagePlus out = labels.duplicate();
        out.setTitle(title);
        out.setOverlay(null);
        int kept = 0;
        int objects = 0;
        for (long t = 0; t < lab.dimension(3); t++) {
            var labT = Views.hyperSlice(lab, 3, t);
            boolean[] keep = LabelFilter.keep(labT, minSize, maxSize, excludeEdges);
            boolean[] present = clear(labT, keep, out, t);
            for (int v = 1; v < keep.length; v++) {
                kept += keep[v] ? 1 : 0;
                objects += present[v] ? 1 : 0;
            }
        }
        return new Filtered(out, kept, objects);
    }

    /**
     * Sets time point {@code t} of {@code out} to 0 where {@code labels} (that time point's [x, y, z]) holds a value
     * not kept; returns which values occur.
     */
    private static <T extends RealType<T>> boolean[] clear(RandomAccessibleInterval<IntType> labels, boolean[] keep,
                                                           ImagePlus out, long t) {
        RandomAccessibleInterval<T> img = ImagePlusViews.wrapReal(out);
        boolean[] present = new boolean[keep.length];
        var in = Views.flatIterable(labels).cursor();
        var o = Views.flatIterable(Views.hyperSlice(Views.hyperSlice(img, 4, t), 2, 0)).cursor();
        while (in.hasNext()) {
            int v = in.next().get();
            T target = o.next();
            present[v] = true;
            if (v != 0 && !keep[v]) {
                target.setZero();
            }
        }
        return present;
    }

    /**
     * The selected labels cut out of {@code image}: cropped to their bounding box plus {@code margin} pixels,
     * cleared outside them (0, or transparent for RGB). Null when no pixel is selected.
     */
    public static ImagePlus cutOut(ImagePlus image, ImagePlus labels, IntPredicate selected, int margin,
                                   String title) {
        sameLayout(image, labels);
        RandomAccessibleInterval<IntType> lab = ImagePlusViews.labels(labels);
        Interval b = Cutout.bounds(lab, selected, margin);
        if (b == null) {
            return null;
        }
        int w = (int) b.dimension(0);
        int h = (int) b.dimension(1);
        int nz = (int) b.dimension(2);
        int nt = (int) b.dimension(3);
        ImagePlus out;
        if (image.getType() == ImagePlus.COLOR_RGB) {
            out = IJ.createHyperStack(title, w, h, 4, nz, nt, 8);
            RandomAccessibleInterval<UnsignedByteType> rgb = ImagePlusViews.rgbChannels(image);
            RandomAccessibleInterval<UnsignedByteType> alpha = Views.addDimension(
                    ConstantUtils.constantRandomAccessibleInterval(new UnsignedByteType(255), new FinalInterval(
                            image.getWidth(), image.getHeight(), image.getNSlices(), image.getNFrames())), 0, 0);
            Cutout.cut(Views.concatenate(2, rgb, Views.moveAxis(alpha, 4, 2)), lab, selected, b,
                    new UnsignedByteType(0), ImagePlusViews.wrapBytes(out));
            String[] names = {"red", "green", "blue", "alpha"};
            for (int i = 1; i <= out.getStackSize(); i++) {
                out.getStack().setSliceLabel(names[(i - 1) % 4], i);
            }
            out = new CompositeImage(out, IJ.COMPOSITE);
        } else {
            out = IJ.createHyperStack(title, w, h, image.getNChannels(), nz, nt, image.getBitDepth());
            cutScalar(image, lab, selected, b, out);
        }
        out.setCalibration(croppedCalibration(image.getCalibration(), b));
        return out;
    }

    /**
     * The source's calibration for a crop starting at {@code bounds}' minimum [x, y, z, t]. An image with an origin
     * (Image > Properties, DICOM, NIfTI) keeps its coordinates: the origin moves with the crop, as ImageJ's Duplicate
     * moves it in x and y; here in z too, since a cutout may start at a later slice. Without an origin a cutout has
     * its own coordinates, as a duplicate has.
     */
    static Calibration croppedCalibration(Calibration source, Interval bounds) {
        Calibration cal = source.copy();
        if (cal.xOrigin != 0 || cal.yOrigin != 0 || cal.zOrigin != 0) {
            cal.xOrigin -= bounds.min(0);
            cal.yOrigin -= bounds.min(1);
            cal.zOrigin -= bounds.min(2);
        }
        return cal;
    }

    private static <T extends RealType<T>> void cutScalar(ImagePlus image, RandomAccessibleInterval<IntType> lab,
                                                           IntPredicate selected, Interval b, ImagePlus out) {
        RandomAccessibleInterval<T> src = ImagePlusViews.wrapReal(image);
        RandomAccessibleInterval<T> dst = ImagePlusViews.wrapReal(out);
        T zero = src.getType().createVariable();
        zero.setZero();
        Cutout.cut(src, lab, selected, b, zero, dst);
    }

    /**
     * A copy of {@code image} whose background (every pixel not selected in {@code labels}) is blurred with a
     * Gaussian of {@code sigma} pixels, feathered over {@code feather} pixels; RGB images per colour channel.
     */
    public static ImagePlus blurBackground(ImagePlus image, ImagePlus labels, IntPredicate subject, double sigma,
                                           double feather, String title) {
        sameLayout(image, labels);
        RandomAccessibleInterval<IntType> lab = ImagePlusViews.labels(labels);
        ImagePlus out = IJ.createHyperStack(title, image.getWidth(), image.getHeight(), image.getNChannels(),
                image.getNSlices(), image.getNFrames(), image.getBitDepth());
        if (image.getType() == ImagePlus.COLOR_RGB) {
            RandomAccessibleInterval<UnsignedByteType> src = ImagePlusViews.rgbChannels(image);
            for (ARGBType p : ImagePlusViews.wrapRgb(out)) {
                p.set(0xff000000);                       // opaque, so the colour channels below are what shows
            }
            BackgroundBlur.apply(src, lab, subject, sigma, feather, ImagePlusViews.rgbChannels(out));
        } else {
            blurScalar(image, lab, subject, sigma, feather, out);
        }
        out.setCalibration(image.getCalibration().copy());
        if (image.isComposite()) {
            out = new CompositeImage(out, ((CompositeImage) image).getMode());
        }
        out.resetDisplayRange();
        return out;
    }

    private static <T extends RealType<T>> void blurScalar(ImagePlus image, RandomAccessibleInterval<IntType> lab,
                                                            IntPredicate subject, double sigma, double feather,
                                                            ImagePlus out) {
        RandomAccessibleInterval<T> src = ImagePlusViews.wrapReal(image);
        RandomAccessibleInterval<T> dst = ImagePlusViews.wrapReal(out);
        BackgroundBlur.apply(src, lab, subject, sigma, feather, dst);
    }

    /**
     * Saves a cutout in {@code folder} under its title: PNG for a single-plane RGB cutout (keeps its transparency),
     * TIFF otherwise. An existing file is kept unless {@code overwrite}.
     */
    public static java.nio.file.Path save(ImagePlus cutout, java.nio.file.Path folder, boolean overwrite)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Path file = fileFor(cutout, folder);
        if (!overwrite && java.nio.file.Files.exists(file)) {
            throw new java.io.IOException("Output " + file + " exists; choose another folder or allow overwriting");
        }
        return ImageFiles.save(cutout, file);
    }

    /** Where {@link #save} puts a cutout. */
    public static java.nio.file.Path fileFor(ImagePlus cutout, java.nio.file.Path folder) {
        boolean png = cutout.getNChannels() == 4 && cutout.getStackSize() == 4 && cutout.getBitDepth() == 8;
        return folder.resolve(cutout.getTitle() + (png ? ".png" : ".tif"));
    }

    private static void sameLayout(ImagePlus image, ImagePlus labels) {
        if (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight()
                || image.getNSlices() != labels.getNSlices() || image.getNFrames() != labels.getNFrames()) {
            throw new IllegalArgumentException("The label image '" + labels.getTitle() + "' ("
                    + labels.getWidth() + "x" + labels.getHeight() + ", " + labels.getNSlices() + " slice(s), "
                    + labels.getNFrames() + " frame(s)) does not match '" + image.getTitle() + "' ("
                    + image.getWidth() + "x" + image.getHeight() + ", " + image.getNSlices() + " slice(s), "
                    + image.getNFrames() + " frame(s))");
        }
    }
}
