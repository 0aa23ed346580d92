package io.pixelwise.train;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

import java.util.ArrayList;
import java.util.List;

/**
 * One training or validation item: an image (2D, or a stack whose planes are trained slice by slice) with the
 * class of every pixel and, for instance labels, the object ids. Intensities are kept raw so that validation
 * normalises them exactly as Segment Image does.
 *
 * @param planes    raw intensities, one array per plane, index {@code slice * channels + channel}
 * @param classes   class index per pixel, one array per slice
 * @param instances object id per pixel (0 = background), one array per slice; null unless labels were instances
 */
public record LabelledImage(String id, int width, int height, int channels, int slices, float[][] planes,
                            byte[][] classes, int[][] instances) {

    public LabelledImage {
        int n = width * height;
        if (planes.length != slices * channels || classes.length != slices
                || (instances != null && instances.length != slices)) {
            throw new IllegalArgumentException(id + ": " + slices + " slice(s) of " + channels
                    + " channel(s) expected");
        }
        for (int i = 0; i < planes.length; i++) {
            if (planes[i].length != n || (i < slices && classes[i].length != n)) {
                throw new IllegalArgumentException(id + ": every plane must be " + width + "x" + height);
            }
        }
    }

    /** The image as Segment Image sees it, [x, y, channel, z, t] with t = 1, wrapping the arrays. */
    public RandomAccessibleInterval<FloatType> image() {
        List<FloatArray> p = new ArrayList<>();
        for (float[] a : planes) {
            p.add(new FloatArray(a));
        }
        PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(p, new long[] {width, height, channels, slices, 1},
                new Fraction());
        img.setLinkedType(new FloatType(img));
        return img;
    }

    /** Classes as [x, y, z], wrapping the arrays. */
    public RandomAccessibleInterval<UnsignedByteType> classImage() {
        List<ByteArray> p = new ArrayList<>();
        for (byte[] a : classes) {
            p.add(new ByteArray(a));
        }
        PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(p, new long[] {width, height, slices},
                new Fraction());
        img.setLinkedType(new UnsignedByteType(img));
        return img;
    }

    /** Object ids as [x, y, z], wrapping the arrays; only for instance labels. */
    public RandomAccessibleInterval<IntType> instanceImage() {
        if (instances == null) {
            throw new IllegalStateException(id + " has no instance labels");
        }
        List<IntArray> p = new ArrayList<>();
        for (int[] a : instances) {
            p.add(new IntArray(a));
        }
        PlanarImg<IntType, IntArray> img = new PlanarImg<>(p, new long[] {width, height, slices}, new Fraction());
        img.setLinkedType(new IntType(img));
        return img;
    }
}
