package io.pixelwise.train;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Symmetry;
import io.pixelwise.model.TensorLayout;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws augmented training patches from the planes of labelled images. Every spatial change (crop, flips, 90°
 * rotations, mirror padding of planes smaller than a patch) is one integer coordinate map applied to the image and
 * its classes alike, so masks stay pixel-aligned and are never interpolated. Intensity changes (gain, offset) touch
 * the image only. Each plane is normalised per channel with the statistics Segment Image would use on it, and with
 * a slice context each pixel also gets the channels of the planes above and below (mirrored at a stack's ends),
 * in the order Segment Image feeds them. A 3D network's patches are a run of planes of one stack (mirrored beyond
 * its ends), each plane cropped, flipped, zoomed and warped alike, so the patch is one volume moved as a whole.
 */
public final class PatchSampler {

    /**
     * Which augmentations are on. Flips mirror x or y; rotations turn by multiples of 90°; flips and rotations
     * together give all 8 symmetries of the square. Turn off what would change the meaning of a class (anterior
     * and posterior hippocampus lie along y, so that model flips x only). Elastic: a smooth random displacement
     * field (the original U-Net's), the image sampled bilinearly and the mask at the nearest pixel of the same
     * displaced position, so labels stay labels and stay on their pixels. Gamma: a patch's contrast bent by a random
     * power (nnU-Net's gamma augmentation), the image only, for scans whose brightness curve varies (ultrasound gain
     * and time-gain compensation); 1 = off.
     */
    public record Augmentation(boolean flipX, boolean flipY, boolean rotations, boolean intensity, boolean elastic,
                               double zoom, double gamma) {

        public Augmentation(boolean flipX, boolean flipY, boolean rotations, boolean intensity) {
            this(flipX, flipY, rotations, intensity, false, 1, 1);
        }

        /** The {@link Symmetry} codes these flips and rotations allow. */
        int[] transforms() {
            return Symmetry.codes(flipX, flipY, rotations);
        }
    }

    /** One training plane; {@code first} is the index of its image's first plane in the plane list. */
    private record Plane(LabelledImage image, int slice, int first) {
    }

    private final List<Plane> planes = new ArrayList<>();
    private final Normalizer[][] normalizers;
    private final int patch;
    private final int slices;
    private final int channels;
    private final int context;
    private final Augmentation augmentation;
    private final int[] transforms;

    /** @param context planes above and below each plane that the network also sees (2.5D); 0 for plain 2D */
    public PatchSampler(List<LabelledImage> images, int patch, Augmentation augmentation,
                        ModelDescriptor.Normalization normalization, int context) {
        this(images, patch, 1, augmentation, normalization, context);
    }

    /** @param slices planes per patch: 1 for a 2D network, its training patch depth for a 3D one */
    public PatchSampler(List<LabelledImage> images, int patch, int slices, Augmentation augmentation,
                        ModelDescriptor.Normalization normalization, int context) {
        if (slices < 1 || slices > 1 && context > 0) {
            throw new IllegalArgumentException("patches of " + slices + " slices with " + context
                    + " context slices: a 3D patch has no context, a 2D one is 1 slice");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No training images");
        }
        this.channels = images.get(0).channels();
        for (LabelledImage im : images) {
            if (im.channels() != channels) {
                throw new IllegalArgumentException("Training image " + im.id() + " has " + im.channels()
                        + " channel(s), " + images.get(0).id() + " has " + channels + "; all must have the same");
            }
            int first = planes.size();
            for (int s = 0; s < im.slices(); s++) {
                planes.add(new Plane(im, s, first));
            }
        }
        normalizers = new Normalizer[planes.size()][];
        for (int p = 0; p < planes.size(); p += planes.get(p).image().slices()) {
            Normalizer[][] stack = Segmenter.normalizers(normalization,
                    Views.hyperSlice(planes.get(p).image().image(), 4, 0));
            for (int s = 0; s < stack.length; s++) {
                normalizers[p + s] = stack[s];
            }
        }
        this.context = context;
        this.patch = patch;
        this.slices = slices;
        this.augmentation = augmentation;
        this.transforms = augmentation.transforms();
    }

    public int patch() {
        return patch;
    }

    /** Channels per pixel of a patch: the image's channels times the planes seen at once. */
    public int channels() {
        return channels * (2 * context + 1);
    }

    /** Pixels in all training planes. */
    public long pixels() {
        long n = 0;
        for (Plane p : planes) {
            n += (long) p.image().width() * p.image().height();
        }
        return n;
    }

    public int slices() {
        return slices;
    }

    /**
     * Fills {@code x} ([n, slices, patch, patch, {@link #channels()}]) and {@code y} ([n, slices, patch, patch]) with
     * n patches, each from a plane drawn uniformly at random (for 3D patches: from its stack, at a random depth).
     */
    public void fill(float[] x, int[] y, int n, Random random) {
        int area = patch * patch;
        for (int b = 0; b < n; b++) {
            int p = random.nextInt(planes.size());
            LabelledImage im = planes.get(p).image();
            int z0 = slices == 1 ? planes.get(p).slice() : offset(im.slices(), slices, random);
            int w = im.width();
            int h = im.height();
            int x0 = offset(w, patch, random);
            int y0 = offset(h, patch, random);
            int transform = transforms[random.nextInt(transforms.length)];
            float gain = augmentation.intensity() ? 0.8f + 0.4f * random.nextFloat() : 1f;
            float shift = augmentation.intensity() ? 0.2f * (random.nextFloat() - 0.5f) : 0f;
            int seen = channels();
            int first = planes.get(p).first();
            float[][] field = augmentation.elastic() ? displacements(random) : null;
            // log-uniform, so zooming in and out are equally likely; drawn last so runs without zoom stay as they were
            double scale = augmentation.zoom() > 1
                    ? Math.exp((2 * random.nextDouble() - 1) * Math.log(augmentation.zoom())) : 1;
            // log-uniform as well, and drawn after the zoom for the same reason
            double power = augmentation.gamma() > 1
                    ? Math.exp((2 * random.nextDouble() - 1) * Math.log(augmentation.gamma())) : 1;
            for (int s = 0; s < slices; s++) {
                int slice = TensorLayout.mirror(z0 + s, im.slices());
                byte[] classes = im.classes()[slice];
                int start = (b * slices + s) * area;
                for (int v = 0; v < patch; v++) {
                    for (int u = 0; u < patch; u++) {
                        if (field != null || scale != 1) {
                            resampledPixel(im, slice, first, x0, y0, u, v, transform, scale, field, x, y,
                                    start + v * patch + u, gain, shift);
                            continue;
                        }
                        int src = sourceIndex(w, h, x0, y0, u, v, transform);
                        int dst = start + v * patch + u;
                        int k = 0;
                        for (int dz = -context; dz <= context; dz++) {
                            int zz = TensorLayout.mirror(slice + dz, im.slices());
                            for (int c = 0; c < channels; c++) {
                                float raw = im.planes()[zz * channels + c][src];
                                x[dst * seen + k++] = normalizers[first + zz][c].apply(raw) * gain + shift;
                            }
                        }
                        y[dst] = classes[src] & 0xff;
                    }
                }
            }
            if (power != 1) {
                bendContrast(x, b * slices * area, slices * area, power);
            }
        }
    }

    /**
     * Gamma augmentation of one patch ({@code pixels} pixels from pixel {@code first}), each channel on its own: its
     * values mapped onto 0-1 by the patch's minimum and maximum, raised to {@code power}, and mapped back, so the
     * range stays and only the contrast within it bends (as nnU-Net does it).
     */
    private void bendContrast(float[] x, int first, int pixels, double power) {
        int seen = channels();
        for (int k = 0; k < seen; k++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = first; i < first + pixels; i++) {
                min = Math.min(min, x[i * seen + k]);
                max = Math.max(max, x[i * seen + k]);
            }
            if (max > min) {
                for (int i = first; i < first + pixels; i++) {
                    double t = (x[i * seen + k] - min) / (max - min);
                    x[i * seen + k] = (float) (min + (max - min) * Math.pow(t, power));
                }
            }
        }
    }

    /** Control points per side of the displacement grid, and their spread as a share of the patch side. */
    static final int ELASTIC_GRID = 4;
    static final double ELASTIC_SIGMA = 0.02;

    /**
     * A smooth displacement field over the patch, [dx, dy] per pixel: Gaussian displacements (sigma 2 % of the patch
     * side) at a 4 x 4 grid of control points, interpolated bilinearly between them.
     */
    float[][] displacements(Random random) {
        double sigma = ELASTIC_SIGMA * patch;
        double[][] gx = new double[ELASTIC_GRID][ELASTIC_GRID];
        double[][] gy = new double[ELASTIC_GRID][ELASTIC_GRID];
        for (int i = 0; i < ELASTIC_GRID; i++) {
            for (int j = 0; j < ELASTIC_GRID; j++) {
                gx[i][j] = random.nextGaussian() * sigma;
                gy[i][j] = random.nextGaussian() * sigma;
            }
        }
        float[][] field = new float[2][patch * patch];
        double scale = (ELASTIC_GRID - 1) / (double) Math.max(1, patch - 1);
        for (int v = 0; v < patch; v++) {
            double gv = v * scale;
            int j0 = Math.min((int) gv, ELASTIC_GRID - 2);
            double fv = gv - j0;
            for (int u = 0; u < patch; u++) {
                double gu = u * scale;
                int i0 = Math.min((int) gu, ELASTIC_GRID - 2);
                double fu = gu - i0;
                field[0][v * patch + u] = (float) bilinear(gx, i0, j0, fu, fv);
                field[1][v * patch + u] = (float) bilinear(gy, i0, j0, fu, fv);
            }
        }
        return field;
    }

    private static double bilinear(double[][] g, int i, int j, double fu, double fv) {
        return (g[j][i] * (1 - fu) + g[j][i + 1] * fu) * (1 - fv) + (g[j + 1][i] * (1 - fu) + g[j + 1][i + 1] * fu) * fv;
    }

    /**
     * One patch pixel under zoom and the elastic field (null: none): where (u, v) lands in the crop (the symmetry,
     * then the scaling about the crop's centre, then the displacement), the image's value there interpolated from its
     * 4 neighbours (mirrored at the plane's edges), the mask's value at the nearest of them.
     */
    private void resampledPixel(LabelledImage im, int slice, int first, int x0, int y0, int u, int v, int transform,
                                double scale, float[][] field, float[] x, int[] y, int dst, float gain, float shift) {
        int w = im.width();
        int h = im.height();
        int crop = cropPosition(u, v, transform);
        double fx = x0 + zoomed(crop % patch, scale) + (field == null ? 0 : field[0][v * patch + u]);
        double fy = y0 + zoomed(crop / patch, scale) + (field == null ? 0 : field[1][v * patch + u]);
        int ix = (int) Math.floor(fx);
        int iy = (int) Math.floor(fy);
        double ax = fx - ix;
        double ay = fy - iy;
        int[] xs = {TensorLayout.mirror(ix, w), TensorLayout.mirror(ix + 1, w)};
        int[] ys = {TensorLayout.mirror(iy, h), TensorLayout.mirror(iy + 1, h)};
        int seen = channels();
        int k = 0;
        for (int dz = -context; dz <= context; dz++) {
            int zz = TensorLayout.mirror(slice + dz, im.slices());
            for (int c = 0; c < channels; c++) {
                float[] plane = im.planes()[zz * channels + c];
                double value = (plane[ys[0] * w + xs[0]] * (1 - ax) + plane[ys[0] * w + xs[1]] * ax) * (1 - ay)
                        + (plane[ys[1] * w + xs[0]] * (1 - ax) + plane[ys[1] * w + xs[1]] * ax) * ay;
                x[dst * seen + k++] = normalizers[first + zz][c].apply(value) * gain + shift;
            }
        }
        int nearest = ys[ay < 0.5 ? 0 : 1] * w + xs[ax < 0.5 ? 0 : 1];
        y[dst] = im.classes()[slice][nearest] & 0xff;
    }

    /** A crop coordinate scaled about the crop's centre (exactly itself without zoom, as before zoom existed). */
    private double zoomed(int at, double scale) {
        double centre = (patch - 1) / 2.0;
        return scale == 1 ? at : centre + (at - centre) * scale;
    }

    /** A crop origin: inside the extent when it is larger than the patch, centred at random over it when smaller. */
    private static int offset(int size, int patch, Random random) {
        int slack = size - patch;
        return slack >= 0 ? random.nextInt(slack + 1) : -random.nextInt(-slack + 1);
    }

    /**
     * Index in a w x h source plane of patch pixel (u, v) under a {@link Symmetry} code, cropped at (x0, y0),
     * mirrored beyond the plane's edges.
     */
    int sourceIndex(int w, int h, int x0, int y0, int u, int v, int transform) {
        int crop = cropPosition(u, v, transform);
        return TensorLayout.mirror(y0 + crop / patch, h) * w + TensorLayout.mirror(x0 + crop % patch, w);
    }

    /** Where patch pixel (u, v) comes from in the patch-sized crop under a symmetry, as a row-major index. */
    private int cropPosition(int u, int v, int transform) {
        return Symmetry.sourceIndex(u, v, patch, patch, transform);
    }
}
