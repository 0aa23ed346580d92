package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePlusViewsTest {

    /** A 7x5 hyperstack with 2 channels, 3 slices, 4 frames; pixel value encodes (x, y, c, z, t). */
    static ImagePlus hyperstack(int bitDepth) {
        ImagePlus imp = IJ.createHyperStack("hs", 7, 5, 2, 3, 4, bitDepth);
        for (int t = 0; t < 4; t++) {
            for (int z = 0; z < 3; z++) {
                for (int c = 0; c < 2; c++) {
                    ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
                    for (int y = 0; y < 5; y++) {
                        for (int x = 0; x < 7; x++) {
                            ip.putPixelValue(x, y, code(x, y, c, z, t));
                        }
                    }
                }
            }
        }
        return imp;
    }

    static int code(int x, int y, int c, int z, int t) {
        return (x + 7 * y + 35 * c + 70 * z + 210 * t) % 251;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    <T extends RealType<T>> void wrapsEveryPlaneInPlaceWithXYCZTAxes(int bitDepth) {
        ImagePlus imp = hyperstack(bitDepth);
        RandomAccessibleInterval<T> img = ImagePlusViews.wrapReal(imp);
        assertArrayEquals(new long[] {7, 5, 2, 3, 4}, img.dimensionsAsLongArray());
        RandomAccess<T> ra = img.randomAccess();
        for (int t = 0; t < 4; t++) {
            for (int z = 0; z < 3; z++) {
                for (int c = 0; c < 2; c++) {
                    for (int y = 0; y < 5; y++) {
                        for (int x = 0; x < 7; x++) {
                            ra.setPosition(new int[] {x, y, c, z, t});
                            assertEquals(code(x, y, c, z, t), ra.get().getRealDouble(), 0);
                        }
                    }
                }
            }
        }
        // No copy: the planes are the ImagePlus' own arrays, and writes show up in the ImagePlus.
        PlanarImg<?, ?> planar = (PlanarImg<?, ?>) img;
        for (int i = 0; i < imp.getStackSize(); i++) {
            Object plane = ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) planar.getPlane(i))
                    .getCurrentStorageArray();
            assertSame(imp.getStack().getPixels(i + 1), plane);
        }
        ra.setPosition(new int[] {3, 2, 1, 2, 3});
        ra.get().setReal(99);
        assertEquals(99, imp.getStack().getProcessor(imp.getStackIndex(2, 3, 4)).getPixelValue(3, 2), 0);
        imp.getStack().getProcessor(imp.getStackIndex(1, 1, 1)).putPixelValue(0, 0, 42);
        ra.setPosition(new int[5]);
        assertEquals(42, ra.get().getRealDouble(), 0);
    }

    @Test
    void rgbBecomesThreeChannelsOrTheUnweightedMean() {
        ImagePlus rgb = IJ.createImage("rgb", "RGB black", 4, 3, 2);
        rgb.getStack().getProcessor(2).putPixel(1, 1, (30 << 16) | (60 << 8) | 90);
        RandomAccessibleInterval<?> three = ImagePlusViews.modelInput(rgb, 3);
        assertArrayEquals(new long[] {4, 3, 3, 2, 1}, three.dimensionsAsLongArray());
        RandomAccess<? extends RealType<?>> ra = ImagePlusViews.<FloatType>modelInput(rgb, 3).randomAccess();
        ra.setPosition(new int[] {1, 1, 0, 1, 0});
        assertEquals(30, ra.get().getRealDouble(), 0);
        ra.setPosition(new int[] {1, 1, 2, 1, 0});
        assertEquals(90, ra.get().getRealDouble(), 0);
        RandomAccess<FloatType> grey = ImagePlusViews.<FloatType>modelInput(rgb, 1).randomAccess();
        grey.setPosition(new int[] {1, 1, 0, 1, 0});
        assertEquals(60, grey.get().getRealDouble(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImagePlusViews.modelInput(rgb, 2));
        assertTrue(e.getMessage().contains("RGB but the model expects 2 channels"), e.getMessage());
    }

    @Test
    void chosenChannelsAreViewsInTheOrderGiven() {
        ImagePlus imp = hyperstack(16);
        RandomAccessibleInterval<? extends RealType<?>> second = ImagePlusViews.modelInput(imp, 1, List.of(2));
        assertArrayEquals(new long[] {7, 5, 1, 3, 4}, second.dimensionsAsLongArray());
        RandomAccessibleInterval<? extends RealType<?>> swapped = ImagePlusViews.modelInput(imp, 2, List.of(2, 1));
        RandomAccess<? extends RealType<?>> a = second.randomAccess();
        RandomAccess<? extends RealType<?>> b = swapped.randomAccess();
        for (int[] p : new int[][] {{0, 0, 0, 0}, {3, 2, 1, 2}, {6, 4, 2, 3}}) {
            a.setPosition(new int[] {p[0], p[1], 0, p[2], p[3]});
            assertEquals(code(p[0], p[1], 1, p[2], p[3]), a.get().getRealDouble(), 0);
            b.setPosition(new int[] {p[0], p[1], 1, p[2], p[3]});
            assertEquals(code(p[0], p[1], 0, p[2], p[3]), b.get().getRealDouble(), 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImagePlusViews.modelInput(imp, 1, List.of(3)));
        assertEquals("Image 'hs' has 2 channel(s), not channel 3", e.getMessage());
    }

    @Test
    void aColourOfAnRgbImageCanBeChosen() {
        ImagePlus rgb = IJ.createImage("merge", "RGB black", 4, 3, 1);
        rgb.getProcessor().putPixel(1, 1, (30 << 16) | (60 << 8) | 90);
        RandomAccess<? extends RealType<?>> blue = ImagePlusViews.modelInput(rgb, 1, List.of(3)).randomAccess();
        blue.setPosition(new int[] {1, 1, 0, 0, 0});
        assertEquals(90, blue.get().getRealDouble(), 0, "channel 3 of an RGB image is its blue");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImagePlusViews.modelInput(rgb, 1, List.of(4)));
        assertTrue(e.getMessage().contains("3 colour channels (1 red, 2 green, 3 blue), not channel 4"),
                e.getMessage());
    }

    /** An RGB hyperstack with channels of its own is refused for every model, not read as its first channel. */
    @Test
    void anRgbImageWithSeveralChannelsIsRefused() {
        ImagePlus rgb = IJ.createHyperStack("rgb channels", 4, 3, 2, 1, 1, 24);
        for (int channels : new int[] {1, 3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImagePlusViews.modelInput(rgb, channels));
            assertEquals("Image 'rgb channels' is an RGB image with 2 channels; expected one RGB channel",
                    e.getMessage());
        }
    }

    @Test
    void rgbIsNotSilentlyTreatedAsGrey() {
        ImagePlus rgb = IJ.createImage("rgb", "RGB black", 4, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> ImagePlusViews.wrapReal(rgb));
    }

    /**
     * A CT slice from DICOM stores raw values with a rescale to Hounsfield units, signed 16-bit data an offset of
     * 32768: ImageJ shows and measures the calibrated values, and so do Measure Regions and the models.
     */
    @Test
    void valuesAreTheCalibratedOnesImageJShows() {
        ImagePlus ct = IJ.createImage("ct", "16-bit black", 4, 3, 2);
        ct.getStack().getProcessor(2).set(1, 2, 1000);
        ct.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] {-1024, 1}, "HU");
        RandomAccess<FloatType> ra = ImagePlusViews.<FloatType>values(ct).randomAccess();
        ra.setPosition(new long[] {1, 2, 0, 1, 0});
        assertEquals(-24f, ra.get().get(), "1000 stored is -24 HU");
        ra.setPosition(new long[] {0, 0, 0, 0, 0});
        assertEquals(-1024f, ra.get().get());
        assertEquals(-24f, (float) ct.getCalibration().getCValue(1000), "as ImageJ reads it");
        var modelSees = ImagePlusViews.<FloatType>modelInput(ct, 1).randomAccess();
        modelSees.setPosition(new long[] {1, 2, 0, 1, 0});
        assertEquals(-24f, modelSees.get().getRealFloat());

        ImagePlus plain = IJ.createImage("plain", "16-bit black", 4, 3, 1);
        assertSame(ImagePlusViews.wrapReal(plain).getClass(), ImagePlusViews.values(plain).getClass(),
                "without a calibration function the pixels themselves, in place");
    }
}
