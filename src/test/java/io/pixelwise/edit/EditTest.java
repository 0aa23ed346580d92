package io.pixelwise.edit;

import net.imglib2.Interval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditTest {

    @Test
    void cutoutCropsToTheObjectWithAMarginAndClearsTheRest() {
        // Image [6, 5, 1 channel, 2 slices, 1 frame] with value 10 x + y + 100 z + 1; object 3 fills x 2..3,
        // y 1..2 on slice 2; object 4 is one pixel on slice 1.
        byte[] px = new byte[6 * 5 * 2];
        int[] lab = new int[6 * 5 * 2];
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) {
                    px[(z * 5 + y) * 6 + x] = (byte) (10 * x + y + 100 * z + 1);
                    lab[(z * 5 + y) * 6 + x] = z == 1 && x >= 2 && x <= 3 && y >= 1 && y <= 2 ? 3 : 0;
                }
            }
        }
        lab[0] = 4;
        byte[] before = px.clone();
        var image = Views.addDimension(Views.permute(Views.addDimension(ArrayImgs.unsignedBytes(px, 6, 5, 2), 0, 0),
                2, 3), 0, 0);
        var labels = Views.addDimension(ArrayImgs.ints(lab, 6, 5, 2), 0, 0);
        Interval b = Cutout.bounds(labels, l -> l == 3, 1);
        assertArrayEquals(new long[] {1, 0, 1, 0}, b.minAsLongArray());
        assertArrayEquals(new long[] {4, 3, 1, 0}, b.maxAsLongArray(), "margin 1, clipped at y = 0");
        var out = ArrayImgs.unsignedBytes(4, 4, 1, 1, 1);
        Cutout.cut(image, labels, l -> l == 3, b, new UnsignedByteType(0), out);
        byte[] o = out.update(null).getCurrentStorageArray();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int sx = x + 1;
                boolean in = sx >= 2 && sx <= 3 && y >= 1 && y <= 2;
                assertEquals(in ? 10 * sx + y + 101 : 0, o[y * 4 + x] & 0xff, "x=" + x + " y=" + y);
            }
        }
        assertArrayEquals(before, px, "the source is only read");
        assertNull(Cutout.bounds(labels, l -> l == 9, 1), "nothing selected, no cutout");
    }

    /** A 40x40 plane with a disc of radius 8 (the subject) at the centre. */
    private static int[] disc() {
        int[] l = new int[40 * 40];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                l[y * 40 + x] = (x - 20) * (x - 20) + (y - 20) * (y - 20) <= 64 ? 1 : 0;
            }
        }
        return l;
    }

    private static <T extends net.imglib2.type.Type<T>> net.imglib2.RandomAccessibleInterval<T> five(
            net.imglib2.RandomAccessibleInterval<T> plane) {
        return Views.addDimension(Views.addDimension(Views.addDimension(plane, 0, 0), 0, 0), 0, 0);
    }

    @Test
    void blurLeavesTheSubjectAloneAndPutsNoHaloAroundIt() {
        int[] l = disc();
        byte[] px = new byte[l.length];
        for (int p = 0; p < l.length; p++) {
            px[p] = (byte) (l[p] == 1 ? 200 : 50);
        }
        var out = ArrayImgs.unsignedBytes(40, 40, 1, 1, 1);
        BackgroundBlur.apply(five(ArrayImgs.unsignedBytes(px, 40, 40)), Views.addDimension(Views.addDimension(
                ArrayImgs.ints(l, 40, 40), 0, 0), 0, 0), k -> k == 1, 4, 3, out);
        byte[] o = out.update(null).getCurrentStorageArray();
        for (int p = 0; p < l.length; p++) {
            assertEquals(l[p] == 1 ? 200 : 50, o[p] & 0xff, "pixel " + p + ": a plain blur would lighten the "
                    + "background next to the bright subject");
        }
    }

    @Test
    void blurSmoothsTheBackgroundAndFeathersItsEdge() {
        int[] l = disc();
        float[] px = new float[l.length];
        Random r = new Random(1);
        for (int p = 0; p < l.length; p++) {
            px[p] = l[p] == 1 ? 7 : (float) r.nextGaussian();
        }
        var out = ArrayImgs.floats(40, 40, 1, 1, 1);
        BackgroundBlur.apply(five(ArrayImgs.floats(px.clone(), 40, 40)), Views.addDimension(Views.addDimension(
                ArrayImgs.ints(l, 40, 40), 0, 0), 0, 0), k -> k == 1, 3, 2, out);
        float[] o = out.update(null).getCurrentStorageArray();
        double before = 0;
        double after = 0;
        int n = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                int p = y * 40 + x;
                if (l[p] == 1) {
                    assertEquals(7f, o[p], "subject untouched");
                } else if (Math.hypot(x - 20, y - 20) > 12) {
                    before += px[p] * px[p];
                    after += o[p] * o[p];
                    n++;
                }
            }
        }
        assertTrue(after / n < before / n / 4, "noise variance " + before / n + " -> " + after / n);
        float[] a = BackgroundBlur.sharpness(new boolean[] {true, false, false, false}, 4, 1, 2);
        assertArrayEquals(new float[] {1, 0.5f, 0, 0}, a, "linear fade over the feather width");
        var same = ArrayImgs.floats(40, 40, 1, 1, 1);
        BackgroundBlur.apply(five(ArrayImgs.floats(px, 40, 40)), Views.addDimension(Views.addDimension(
                ArrayImgs.ints(l, 40, 40), 0, 0), 0, 0), k -> k == 1, 0, 0, same);
        assertArrayEquals(px, same.update(null).getCurrentStorageArray(), "strength 0 changes nothing");
        assertEquals(FloatType.class, same.firstElement().getClass());
    }
}
