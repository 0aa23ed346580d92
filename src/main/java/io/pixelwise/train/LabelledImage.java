package io.pixelwise.train;

/**
 * One training example: a single-channel image and its per-pixel class targets, both row-major, same size.
 * {@code pixels} are already normalised the way the model will see them at inference.
 */
public record LabelledImage(String id, int width, int height, float[] pixels, byte[] classes) {
    public LabelledImage {
        if (pixels.length != width * height || classes.length != width * height) {
            throw new IllegalArgumentException(id + ": image and classes must both be " + width + "x" + height);
        }
    }
}
