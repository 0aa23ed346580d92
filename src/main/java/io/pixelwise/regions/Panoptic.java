package io.pixelwise.regions;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Panoptic segmentation: every pixel has a class, and pixels of objects ("things") also the id of their instance;
 * pixels of "stuff" classes (background, tissue) keep id 0. The class of a pixel an object absorbed (its predicted
 * boundary) becomes the object's class, so class and instance never disagree. Encoded as two images of the same
 * size, class and instance id, which ImageJ shows as the two channels of one hyperstack.
 */
public final class Panoptic {

    private Panoptic() {
    }

    /** The panoptic class image [x, y, z, t]: the semantic classes, overridden by the class of each instance. */
    public static <C extends IntegerType<C>> PlanarImg<UnsignedShortType, ShortArray> classes(
            RandomAccessibleInterval<C> semantic, Instances.Result instances) {
        var zero = Views.zeroMin(semantic);
        PlanarImg<UnsignedShortType, ShortArray> out = PlanarImgs.unsignedShorts(zero.dimension(0),
                zero.dimension(1), zero.dimension(2), zero.dimension(3));
        Cursor<C> s = Views.flatIterable(zero).cursor();
        Cursor<IntType> id = Views.flatIterable(instances.labels()).cursor();
        for (UnsignedShortType o : Views.flatIterable(out)) {
            int k = s.next().getInteger();
            int i = id.next().get();
            o.set(i == 0 ? k : instances.instances().get(i - 1).classIndex());
        }
        return out;
    }
}
