package io.pixelwise.model;


/**
 * Something that maps a batch of normalised pixels to per-class scores: a loaded model folder, or the network
 * being trained (so validation during training runs through the same tiling and normalisation as Segment Image).
 */
public interface Network {

    ModelDescriptor descriptor();

    /**
     * {@code input} is [n, height, width, channels] row-major; returns per-class scores [n, height, width, classes]
     * (probabilities or logits, as the descriptor says). A volumetric model's n planes are one z-stack.
     */
    float[] predict(float[] input, int n, int height, int width);

    /** Where the last run was placed ("CPU", "GPU (...)"); null when unknown. */
    String device();
}
