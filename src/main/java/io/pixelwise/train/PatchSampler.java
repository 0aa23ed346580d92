package io.pixelwise.train;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelDescriptor;
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
 * in the order Segment Image feeds them.
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

    /** One training plane; {@code first} is the index of its image's first plane in the plane list. */
    private record Plane(LabelledImage image, int slice, int first) {
    }

    private final List<Plane> planes = new ArrayList<>();
    private final Normalizer[][] normalizers;
    private final int patch;
    private final int channels;
    private final int context;
    private final Augmentation augmentation;
    private final int[] transforms;

    /** @param context planes above and below each plane that the network also sees (2.5D); 0 for plain 2D */
    public PatchSampler(List<LabelledImage> images, int patch, Augmentation augmentation,
                        ModelDescriptor.Normalization normalization, int context) {
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

    /**
     * Fills {@code x} ([n, patch, patch, {@link #channels()}]) and {@code y} ([n, patch, patch]) with n patches, each
     * from a plane drawn uniformly at random.
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
            int seen = channels();
            int first = planes.get(p).first();
            for (int v = 0; v < patch; v++) {
                for (int u = 0; u < patch; u++) {
                    int src = sourceIndex(w, h, x0, y0, u, v, transform);
                    int dst = b * area + v * patch + u;
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
        return TensorLayout.mirror(y0 + b, h) * w + TensorLayout.mirror(x0 + a, w);
    }
}
