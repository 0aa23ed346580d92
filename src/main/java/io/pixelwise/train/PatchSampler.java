package io.pixelwise.train;

import java.util.List;
import java.util.Random;

/**
 * Draws augmented training patches. Every spatial change (crop, flips, 90° rotations) is one coordinate map
 * applied to image and classes alike, reading the source at integer positions, so masks stay pixel-aligned
 * and are never interpolated. Intensity changes (gain, offset) touch the image only.
 */
public final class PatchSampler {

    private final List<LabelledImage> images;
    private final int patch;
    private final Random random;
    private final boolean intensity;

    public PatchSampler(List<LabelledImage> images, int patch, long seed, boolean intensityAugmentation) {
        for (LabelledImage im : images) {
            if (im.width() < patch || im.height() < patch) {
                throw new IllegalArgumentException("Training image " + im.id() + " is " + im.width() + "x"
                        + im.height() + ", smaller than the patch size " + patch);
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No training images");
        }
        this.images = images;
        this.patch = patch;
        this.random = new Random(seed);
        this.intensity = intensityAugmentation;
    }

    /** Fills {@code x} ([n, patch, patch, 1]) and {@code y} ([n, patch, patch]) with n fresh patches. */
    public void fill(float[] x, int[] y, int n) {
        int area = patch * patch;
        for (int b = 0; b < n; b++) {
            LabelledImage im = images.get(random.nextInt(images.size()));
            int x0 = random.nextInt(im.width() - patch + 1);
            int y0 = random.nextInt(im.height() - patch + 1);
            int transform = random.nextInt(8);
            float gain = intensity ? 0.8f + 0.4f * random.nextFloat() : 1f;
            float shift = intensity ? 0.2f * (random.nextFloat() - 0.5f) : 0f;
            for (int v = 0; v < patch; v++) {
                for (int u = 0; u < patch; u++) {
                    int src = sourceIndex(im.width(), x0, y0, u, v, transform);
                    int dst = b * area + v * patch + u;
                    x[dst] = im.pixels()[src] * gain + shift;
                    y[dst] = im.classes()[src];
                }
            }
        }
    }

    /** Index in the source image of patch pixel (u, v) under one of the 8 symmetries of the square. */
    int sourceIndex(int width, int x0, int y0, int u, int v, int transform) {
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
        return (y0 + b) * width + (x0 + a);
    }
}
