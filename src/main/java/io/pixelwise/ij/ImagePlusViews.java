package io.pixelwise.ij;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;

/**
 * ImagePlus as ImgLib2 images without copying: the stack's pixel arrays become the planes of a {@link PlanarImg}
 * with axes [x, y, channel, z, t] (ImageJ stores planes channel-fastest, then z, then t, which is exactly
 * PlanarImg's plane order). Reads and writes go straight to the ImagePlus' arrays.
 */
public final class ImagePlusViews {

    private ImagePlusViews() {
    }

    /** Dimensions [x, y, channel, z, t] of an ImagePlus. */
    public static long[] dimensions(ImagePlus imp) {
        return new long[] {imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames()};
    }

    /** 8-, 16- or 32-bit images as [x, y, channel, z, t] of UnsignedByte/UnsignedShort/FloatType. */
    @SuppressWarnings("unchecked")
    public static <T extends RealType<T>> RandomAccessibleInterval<T> wrapReal(ImagePlus imp) {
        return (RandomAccessibleInterval<T>) switch (imp.getType()) {
            case ImagePlus.GRAY8, ImagePlus.COLOR_256 -> wrapBytes(imp);
            case ImagePlus.GRAY16 -> wrapShorts(imp);
            case ImagePlus.GRAY32 -> wrapFloats(imp);
            default -> throw new IllegalArgumentException("Image '" + imp.getTitle()
                    + "' is RGB; use ImagePlusViews.wrapRgb or modelInput to choose how colour becomes channels");
        };
    }

    /**
     * The image's values as ImageJ shows and measures them, [x, y, channel, z, t]: an 8- or 16-bit image with a
     * calibration function (DICOM's rescale to Hounsfield units, signed 16-bit data stored with an offset, Analyze >
     * Calibrate) through that function, as a view; any other image as its pixels ({@link #wrapReal}).
     */
    @SuppressWarnings("unchecked")
    public static <T extends RealType<T>> RandomAccessibleInterval<T> values(ImagePlus imp) {
        float[] table = imp.getBitDepth() == 32 || imp.getType() == ImagePlus.COLOR_RGB
                || !imp.getCalibration().calibrated() ? null : imp.getCalibration().getCTable();
        if (table == null) {
            return wrapReal(imp);
        }
        return (RandomAccessibleInterval<T>) (imp.getBitDepth() == 8 ? lookUp(wrapBytes(imp), table)
                : lookUp(wrapShorts(imp), table));
    }

    private static <I extends IntegerType<I>> RandomAccessibleInterval<FloatType> lookUp(
            RandomAccessibleInterval<I> raw, float[] table) {
        return Converters.convert(raw, (in, out) -> out.set(table[in.getInteger()]), new FloatType());
    }

    public static PlanarImg<UnsignedByteType, ByteArray> wrapBytes(ImagePlus imp) {
        expectBitDepth(imp, 8);
        List<ByteArray> planes = new ArrayList<>();
        for (Object p : pixelArrays(imp)) {
            planes.add(new ByteArray((byte[]) p));
        }
        PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dimensions(imp), new Fraction());
        img.setLinkedType(new UnsignedByteType(img));
        return img;
    }

    public static PlanarImg<UnsignedShortType, ShortArray> wrapShorts(ImagePlus imp) {
        expectBitDepth(imp, 16);
        List<ShortArray> planes = new ArrayList<>();
        for (Object p : pixelArrays(imp)) {
            planes.add(new ShortArray((short[]) p));
        }
        PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dimensions(imp), new Fraction());
        img.setLinkedType(new UnsignedShortType(img));
        return img;
    }

    public static PlanarImg<FloatType, FloatArray> wrapFloats(ImagePlus imp) {
        expectBitDepth(imp, 32);
        List<FloatArray> planes = new ArrayList<>();
        for (Object p : pixelArrays(imp)) {
            planes.add(new FloatArray((float[]) p));
        }
        PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dimensions(imp), new Fraction());
        img.setLinkedType(new FloatType(img));
        return img;
    }

    public static PlanarImg<ARGBType, IntArray> wrapRgb(ImagePlus imp) {
        expectBitDepth(imp, 24);
        List<IntArray> planes = new ArrayList<>();
        for (Object p : pixelArrays(imp)) {
            planes.add(new IntArray((int[]) p));
        }
        PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(planes, dimensions(imp), new Fraction());
        img.setLinkedType(new ARGBType(img));
        return img;
    }

    /**
     * The image as a model with {@code modelChannels} input channels sees it, [x, y, channel, z, t]. Grey images
     * pass through as their {@link #values}. RGB images are converted explicitly, as a view: for a 3-channel model
     * into R, G, B channels; for a 1-channel model into the unweighted mean (R+G+B)/3, which is what ImageJ's own
     * RGB-to-grey conversion does by default. Other channel counts for RGB are an error.
     */
    @SuppressWarnings("unchecked")
    public static <T extends RealType<T>> RandomAccessibleInterval<T> modelInput(ImagePlus imp, int modelChannels) {
        if (imp.getType() != ImagePlus.COLOR_RGB) {
            return values(imp);
        }
        RandomAccessibleInterval<?> channels;
        if (modelChannels == 3) {
            channels = rgbChannels(imp);
        } else if (modelChannels == 1) {
            RandomAccessibleInterval<FloatType> mean = Converters.convert(rgbPlanes(imp), (in, out) -> {
                int v = in.get();
                out.set((((v >> 16) & 0xff) + ((v >> 8) & 0xff) + (v & 0xff)) / 3f);
            }, new FloatType());
            channels = Views.moveAxis(Views.addDimension(mean, 0, 0), 4, 2);
        } else {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is RGB but the model expects "
                    + modelChannels + " channels (RGB works with 1-channel models, as grey, or 3-channel models)");
        }
        return (RandomAccessibleInterval<T>) channels;
    }

    /**
     * An RGB image as its red, green and blue channels [x, y, channel, z, t], as a view that reads and writes the
     * image's own pixels.
     */
    public static RandomAccessibleInterval<UnsignedByteType> rgbChannels(ImagePlus imp) {
        return Views.moveAxis(Converters.argbChannels(rgbPlanes(imp), 1, 2, 3), 4, 2);
    }

    /** An RGB image's pixels [x, y, z, t]; ImageJ's RGB hyperstacks with channels of their own are refused. */
    private static RandomAccessibleInterval<ARGBType> rgbPlanes(ImagePlus imp) {
        if (imp.getNChannels() != 1) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is an RGB image with "
                    + imp.getNChannels() + " channels; expected one RGB channel");
        }
        return Views.hyperSlice(wrapRgb(imp), 2, 0);
    }

    /**
     * The chosen channels of the image as the model's input [x, y, channel, z, t], in the order given: channel
     * numbers from 1, of an RGB image 1 red, 2 green, 3 blue (the nuclear stain of an RGB merge, say). No channels
     * chosen: {@link #modelInput(ImagePlus, int)}.
     */
    @SuppressWarnings("unchecked")
    public static <T extends RealType<T>> RandomAccessibleInterval<T> modelInput(ImagePlus imp, int modelChannels,
                                                                                 List<Integer> channels) {
        if (channels.isEmpty()) {
            return modelInput(imp, modelChannels);
        }
        boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
        RandomAccessibleInterval<T> all = rgb ? (RandomAccessibleInterval<T>) rgbChannels(imp) : values(imp);
        List<RandomAccessibleInterval<T>> chosen = new ArrayList<>();
        for (int c : channels) {
            if (c < 1 || c > all.dimension(2)) {
                throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has " + all.dimension(2)
                        + (rgb ? " colour channels (1 red, 2 green, 3 blue)" : " channel(s)") + ", not channel " + c);
            }
            chosen.add(Views.hyperSlice(all, 2, c - 1));
        }
        return Views.moveAxis(Views.stack(chosen), 4, 2);
    }

    /**
     * A label image (8-, 16- or 32-bit, one channel) as object ids [x, y, z, t], read in place. 32-bit labels must be
     * whole numbers from 0 to 2^24 (what a float holds exactly); the first value that is not is reported with its
     * position.
     */
    public static RandomAccessibleInterval<IntType> labels(ImagePlus imp) {
        if (imp.getNChannels() != 1) {
            throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' has " + imp.getNChannels()
                    + " channels; expected one");
        }
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' is RGB; expected 8-, 16- or "
                    + "32-bit label values");
        }
        if (imp.getBitDepth() == 32) {
            Object[] planes = pixelArrays(imp);
            for (int p = 0; p < planes.length; p++) {
                float[] a = (float[]) planes[p];
                for (int i = 0; i < a.length; i++) {
                    if (a[i] != Math.rint(a[i]) || a[i] < 0 || a[i] > LabelImages.MAX_32BIT) {
                        throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' has value " + a[i]
                                + " at x=" + i % imp.getWidth() + ", y=" + i / imp.getWidth() + ", plane " + (p + 1)
                                + "; labels must be whole numbers from 0 to 16777216");
                    }
                }
            }
        }
        RandomAccessibleInterval<? extends RealType<?>> real = wrapReal(imp);
        return Views.hyperSlice(Converters.convert(real, (in, out) -> out.set((int) in.getRealDouble()),
                new IntType()), 2, 0);
    }

    private static Object[] pixelArrays(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        Object[] planes = new Object[stack.getSize()];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = stack.getPixels(i + 1);
        }
        return planes;
    }

    private static void expectBitDepth(ImagePlus imp, int bits) {
        if (imp.getBitDepth() != bits) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is " + imp.getBitDepth()
                    + "-bit, expected " + bits + "-bit");
        }
    }
}
