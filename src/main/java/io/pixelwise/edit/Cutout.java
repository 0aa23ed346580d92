package io.pixelwise.edit;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.Type;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.function.IntPredicate;

/**
 * Cuts objects out of an image: the bounding box of the selected labels (plus a margin, within the image), with
 * every pixel outside them cleared. The source is only read; the cutout is written into a new image the caller
 * provides, so an ImageJ image can receive it directly.
 */
public final class Cutout {

    private Cutout() {
    }

    /**
     * The region [x, y, z, t] a cutout covers: the bounding box of the selected labels grown by {@code margin} pixels
     * in x and y, clipped to the image; null when no pixel is selected.
     *
     * @param labels object ids or classes [x, y, z, t]
     */
    public static <L extends IntegerType<L>> Interval bounds(RandomAccessibleInterval<L> labels,
                                                             IntPredicate selected, int margin) {
        var zero = Views.zeroMin(labels);
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] max = {-1, -1, -1, -1};
        Cursor<L> c = zero.localizingCursor();
        while (c.hasNext()) {
            if (selected.test(c.next().getInteger())) {
                for (int d = 0; d < 4; d++) {
                    long p = c.getLongPosition(d);
                    min[d] = Math.min(min[d], p);
                    max[d] = Math.max(max[d], p);
                }
            }
        }
        if (max[0] < 0) {
            return null;
        }
        for (int d = 0; d < 2; d++) {
            min[d] = Math.max(0, min[d] - margin);
            max[d] = Math.min(zero.max(d), max[d] + margin);
        }
        return new FinalInterval(min, max);
    }

    /**
     * Copies the region of {@code image} [x, y, channel, z, t] that {@code bounds} covers into {@code out}
     * [x, y, channel, z, t] (sized like the region), with {@code cleared} wherever the label is not selected.
     */
    public static <T extends Type<T>, L extends IntegerType<L>> void cut(RandomAccessibleInterval<T> image,
                                                                        RandomAccessibleInterval<L> labels,
                                                                        IntPredicate selected, Interval bounds,
                                                                        T cleared, RandomAccessibleInterval<T> out) {
        var img = Views.zeroMin(image);
        var lab = Views.zeroMin(labels);
        for (int d : new int[] {0, 1}) {
            if (img.dimension(d) != lab.dimension(d)) {
                throw new IllegalArgumentException("The image is " + img.dimension(0) + "x" + img.dimension(1)
                        + " but the labels are " + lab.dimension(0) + "x" + lab.dimension(1));
            }
        }
        if (img.dimension(3) != lab.dimension(2) || img.dimension(4) != lab.dimension(3)) {
            throw new IllegalArgumentException("The image has " + img.dimension(3) + " slice(s) and "
                    + img.dimension(4) + " frame(s), the labels " + lab.dimension(2) + " and " + lab.dimension(3));
        }
        long[] size = {bounds.dimension(0), bounds.dimension(1), img.dimension(2), bounds.dimension(2),
                bounds.dimension(3)};
        if (!Intervals.equalDimensions(Views.zeroMin(out), new FinalInterval(size))) {
            throw new IllegalArgumentException("the cutout needs an output of " + java.util.Arrays.toString(size));
        }
        RandomAccess<L> l = lab.randomAccess();
        RandomAccess<T> src = img.randomAccess();
        Cursor<T> dst = Views.zeroMin(out).localizingCursor();
        long[] at = new long[5];
        while (dst.hasNext()) {
            T t = dst.next();
            dst.localize(at);
            long x = at[0] + bounds.min(0);
            long y = at[1] + bounds.min(1);
            long z = at[3] + bounds.min(2);
            long f = at[4] + bounds.min(3);
            l.setPosition(new long[] {x, y, z, f});
            if (selected.test(l.get().getInteger())) {
                src.setPosition(new long[] {x, y, at[2], z, f});
                t.set(src.get());
            } else {
                t.set(cleared);
            }
        }
    }
}
