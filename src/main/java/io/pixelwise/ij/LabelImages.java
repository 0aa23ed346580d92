package io.pixelwise.ij;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import java.io.IOException;
import java.nio.file.Path;
import ij.measure.Calibration;
import ij.process.LUT;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import io.pixelwise.regions.Instances;

import java.util.List;

/** ImgLib2 results back to ImagePlus: label images with a label LUT, probability maps; spatial calibration kept. */
public final class LabelImages {

    /** Largest label a 16-bit image holds; beyond it labels go to 32-bit (exact up to 2^24). */
    public static final long MAX_16BIT = 65535;
    /** The largest id a 32-bit (float) ImageJ label image holds exactly. */
    public static final long MAX_32BIT = io.pixelwise.pipeline.Pipeline.MAX_EXACT_IDS;

    private LabelImages() {
    }

    /** A label or class TIFF opened as a virtual stack (read from disk plane by plane), shown with the label LUT. */
    public static ImagePlus openVirtual(Path file, long maxLabel) throws IOException {
        ImagePlus imp = ij.IJ.openVirtual(file.toString());
        if (imp == null) {
            throw new IOException("ImageJ cannot read " + file.toAbsolutePath() + " back");
        }
        imp.setLut(labelLut());
        imp.setDisplayRange(0, Math.max(maxLabel, 1));
        return imp;
    }

    /**
     * A label image [x, y, z, t] as a 16-bit ImagePlus, or 32-bit when {@code maxLabel} exceeds 65 535, with a
     * label LUT and the given calibration.
     */
    public static <L extends IntegerType<L>> ImagePlus toImagePlus(RandomAccessibleInterval<L> labels,
                                                                   long maxLabel, String title,
                                                                   Calibration calibration) {
        if (labels.numDimensions() != 4) {
            throw new IllegalArgumentException("expected labels [x, y, z, t], got " + labels.numDimensions() + "D");
        }
        if (maxLabel > MAX_32BIT) {
            throw new IllegalArgumentException(maxLabel + " labels exceed what a 32-bit ImageJ image holds exactly");
        }
        var zero = Views.zeroMin(labels);
        int w = (int) zero.dimension(0);
        int h = (int) zero.dimension(1);
        int nz = (int) zero.dimension(2);
        int nt = (int) zero.dimension(3);
        boolean wide = maxLabel > MAX_16BIT;
        ImageStack stack = new ImageStack(w, h);
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                Cursor<L> c = Views.flatIterable(Views.hyperSlice(Views.hyperSlice(zero, 3, t), 2, z)).cursor();
                if (wide) {
                    float[] p = new float[w * h];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = c.next().getInteger();
                    }
                    stack.addSlice(null, p);
                } else {
                    short[] p = new short[w * h];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = (short) c.next().getInteger();
                    }
                    stack.addSlice(null, p);
                }
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, nz, nt);
        if (nz > 1 && nt > 1) {
            imp.setOpenAsHyperStack(true);
        }
        imp.setLut(labelLut());
        imp.setDisplayRange(0, Math.max(maxLabel, 1));
        if (calibration != null) {
            imp.setCalibration(Calibrations.spatial(calibration));
        }
        return imp;
    }

    /**
     * A panoptic segmentation as one hyperstack with two channels: channel 1 the class index, channel 2 the
     * instance id (0 for background and other "stuff"). 16-bit, or 32-bit beyond 65 535 instances. The class
     * names are stored as the image property {@link RegionMeasurement#CLASS_NAMES_PROPERTY}.
     */
    public static <C extends IntegerType<C>> ImagePlus panoptic(RandomAccessibleInterval<C> classes,
                                                                Instances.Result instances, String title,
                                                                Calibration calibration, List<String> classNames) {
        ImagePlus c = toImagePlus(classes, instances.count() > MAX_16BIT ? MAX_16BIT + 1 : classNames.size(), title,
                calibration);
        ImagePlus i = toImagePlus(instances.labels(), instances.count(), title, calibration);
        int nz = i.getNSlices();
        int nt = i.getNFrames();
        ImageStack stack = new ImageStack(i.getWidth(), i.getHeight());
        for (int p = 1; p <= nz * nt; p++) {
            stack.addSlice("class", c.getStack().getPixels(p));
            stack.addSlice("instance", i.getStack().getPixels(p));
        }
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(2, nz, nt);
        out = new CompositeImage(out, IJ.COMPOSITE);
        ((CompositeImage) out).setChannelLut(LUT.createLutFromColor(java.awt.Color.GRAY), 1);
        ((CompositeImage) out).setChannelLut(labelLut(), 2);
        out.setCalibration(calibration == null ? new Calibration() : Calibrations.spatial(calibration));
        out.setProp(RegionMeasurement.CLASS_NAMES_PROPERTY, String.join(",", classNames));
        return out;
    }

    /** Probabilities [x, y, class, z, t] as a 32-bit hyperstack with one channel per class, sharing the arrays. */
    public static ImagePlus probabilities(PlanarImg<FloatType, FloatArray> probs, String title,
                                          Calibration calibration) {
        int w = (int) probs.dimension(0);
        int h = (int) probs.dimension(1);
        ImageStack stack = new ImageStack(w, h);
        for (int i = 0; i < probs.numSlices(); i++) {
            stack.addSlice(null, probs.getPlane(i).getCurrentStorageArray());
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions((int) probs.dimension(2), (int) probs.dimension(3), (int) probs.dimension(4));
        imp.setOpenAsHyperStack(true);
        imp.setDisplayRange(0, 1);
        if (calibration != null) {
            imp.setCalibration(Calibrations.spatial(calibration));
        }
        return imp;
    }

    /**
     * 256 colours for labels: black background, then hues spaced by the golden angle with alternating brightness,
     * so neighbouring label values look different.
     */
    public static LUT labelLut() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 1; i < 256; i++) {
            float hue = (i * 0.618034f) % 1f;
            float bright = (i % 3 == 0) ? 0.7f : 1f;
            float sat = (i % 2 == 0) ? 0.65f : 0.9f;
            int rgb = java.awt.Color.HSBtoRGB(hue, sat, bright);
            r[i] = (byte) (rgb >> 16);
            g[i] = (byte) (rgb >> 8);
            b[i] = (byte) rgb;
        }
        return new LUT(r, g, b);
    }
}
