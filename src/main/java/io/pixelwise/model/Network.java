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

    /**
     * The same network read under another descriptor (descriptors are immutable): other clean-up rules or
     * symmetries, for benchmarks that compare them. Closing stays with this network.
     */
    default Network describedBy(ModelDescriptor descriptor) {
        Network network = this;
        return new Network() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public float[] predict(float[] input, int n, int height, int width) {
                return network.predict(input, n, height, width);
            }

            @Override
            public String device() {
                return network.device();
            }
        };
    }
}
