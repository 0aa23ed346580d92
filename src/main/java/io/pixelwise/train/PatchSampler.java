package io.pixelwise.train;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws augmented training patches from the planes of labelled images. Every spatial change (crop, flips, 90°
 * rotations, mirror padding of planes smaller than a patch) is one integer coordinate map applied to the image and
 * its classes alike, so masks stay pixel-aligned and are never interpolated. Intensity changes (gain, offset) touch
 * the image only. Each plane is normalised per channel with the statistics Segment Image would use on it.
 */
public final class PatchSampler {

    /**
     * Which augmentations are on. Flips mirror x or y; rotations turn by multiples of 90°; flips and rotations
     * together give all 8 symmetries of the square. Turn off what would change the meaning of a class (anterior
     * and posterior hippocampus lie along y, so that model flips x only).
     */
    public record Augmentation(boolean flipX, boolean flipY, boolean rotations, boolean intensity) {

        /** Transform codes (bit 0: flip x, bit 1: flip y, bit 2: transpose, applied in that order) allowed. */
        int[] transforms() {
            if (rotations && (flipX || flipY)) {
                return new int[] {0, 1, 2, 3, 4, 5, 6, 7};
            }
            if (rotations) {
                return new int[] {0, 3, 5, 6};              // 0°, 180°, and the two quarter turns
            }
            return flipX && flipY ? new int[] {0, 1, 2, 3} : flipX ? new int[] {0, 1} : flipY ? new int[] {0, 2}
                    : new int[] {0};
        }
    }

    private record Plane(LabelledImage image, int slice) {
    }

    private final List<Plane> planes = new ArrayList<>();
    private final Normalizer[][] normalizers;
    private final int patch;
    private final int channels;
    private final Augmentation augmentation;
    private final int[] transforms;

    public PatchSampler(List<LabelledImage> images, int patch, Augmentation augmentation,
                        ModelDescriptor.Normalization normalization) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No training images");
        }
        this.channels = images.get(0).channels();
        for (LabelledImage im : images) {
            if (im.channels() != channels) {
                throw new IllegalArgumentException("Training image " + im.id() + " has " + im.channels()
                        + " channel(s), " + images.get(0).id() + " has " + channels + "; all must have the same");
            }
            for (int s = 0; s < im.slices(); s++) {
                planes.add(new Plane(im, s));
            }
        }
        normalizers = new Normalizer[planes.size()][channels];
        for (int p = 0; p < planes.size(); p++) {
            Plane pl = planes.get(p);
            for (int c = 0; c < channels; c++) {
                float[] raw = pl.image().planes()[pl.slice() * channels + c];
                normalizers[p][c] = Normalizer.fit(normalization,
                        ArrayImgs.floats(raw, pl.image().width(), pl.image().height()));
            }
        }
        this.patch = patch;
        this.augmentation = augmentation;
        this.transforms = augmentation.transforms();
    }

    public int patch() {
        return patch;
    }

    public int channels() {
        return channels;
    }

    /** Pixels in all training planes. */
    public long pixels() {
        long n = 0;
        for (Plane p : planes) {
            n += (long) p.image().width() * p.image().height();
        }
        return n;
    }

    /**
     * Fills {@code x} ([n, patch, patch, channels]) and {@code y} ([n, patch, patch]) with n patches, each from a
     * plane drawn uniformly at random.
     */
    public void fill(float[] x, int[] y, int n, Random random) {
        int area = patch * patch;
        for (int b = 0; b < n; b++) {
            int p = random.nextInt(planes.size());
            LabelledImage im = planes.get(p).image();
            int slice = planes.get(p).slice();
            int w = im.width();
            int h = im.height();
            int x0 = offset(w, random);
            int y0 = offset(h, random);
            int transform = transforms[random.nextInt(transforms.length)];
            float gain = augmentation.intensity() ? 0.8f + 0.4f * random.nextFloat() : 1f;
            float shift = augmentation.intensity() ? 0.2f * (random.nextFloat() - 0.5f) : 0f;
            byte[] classes = im.classes()[slice];
            for (int v = 0; v < patch; v++) {
                for (int u = 0; u < patch; u++) {
                    int src = sourceIndex(w, h, x0, y0, u, v, transform);
                    int dst = b * area + v * patch + u;
                    for (int c = 0; c < channels; c++) {
                        float raw = im.planes()[slice * channels + c][src];
                        x[dst * channels + c] = normalizers[p][c].apply(raw) * gain + shift;
                    }
                    y[dst] = classes[src] & 0xff;
                }
            }
        }
    }

    /** A crop origin: inside the plane when it is larger than a patch, centred at random over it when smaller. */
    private int offset(int size, Random random) {
        int slack = size - patch;
        return slack >= 0 ? random.nextInt(slack + 1) : -random.nextInt(-slack + 1);
    }

    /**
     * Index in a w x h source plane of patch pixel (u, v) under one of the 8 symmetries of the square (bit 0: flip
     * x, bit 1: flip y, bit 2: transpose), cropped at (x0, y0), mirrored beyond the plane's edges.
     */
    int sourceIndex(int w, int h, int x0, int y0, int u, int v, int transform) {
        int a = u;
        int b = v;
        if ((transform & 1) != 0) {
            a = patch - 1 - a;
        }
        if ((transform & 2) != 0) {
            b = patch - 1 - b;
        }
        if ((transform & 4) != 0) {
            int t = a;
            a = b;
            b = t;
        }
        return mirror(y0 + b, h) * w + mirror(x0 + a, w);
    }

    /** Mirrors a coordinate into [0, size) without repeating the edge pixel, as ImgLib2's extendMirrorSingle. */
    static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }
}
