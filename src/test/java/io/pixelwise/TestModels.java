package io.pixelwise;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.train.Trainer;
import io.pixelwise.train.UNet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small real models for tests: U-Nets with random weights, exported by our own exporter. */
public final class TestModels {

    private TestModels() {
    }

    /** A depth-3, 4-filter U-Net with {@code channels} inputs and three classes, written to {@code dir}. */
    public static Path tiny(Path dir, int channels) throws IOException {
        return export(dir, new UNet.Config(channels, 3, 3, 4, UNet.Norm.NONE, 0, 1));
    }

    /** A U-Net of the given architecture with random weights and a 3-class nuclei-like descriptor. */
    public static Path export(Path dir, UNet.Config net) throws IOException {
        try (Trainer t = new Trainer(net, new Trainer.Loss(new float[] {1, 1, 1}, 0), 1, 1)) {
            ModelExporter.export(net, t.weights(), descriptor(net), "# test model\n", dir);
        }
        return dir;
    }

    /**
     * A tiny U-Net with random weights whose network scores background and {@code levels} distance levels of one
     * object class, "nucleus" ({@code ModelDescriptor.distance_levels}).
     */
    public static Path levels(Path dir, int levels) throws IOException {
        UNet.Config net = new UNet.Config(1, levels + 1, 3, 4, UNet.Norm.NONE, 0, 1);
        ModelDescriptor.Builder d = builder(net);
        d.classes = List.of("background", "nucleus");
        d.boundary_class = null;
        d.distance_levels = levels;
        float[] weights = new float[levels + 1];
        java.util.Arrays.fill(weights, 1);
        try (Trainer t = new Trainer(net, new Trainer.Loss(weights, 0), 1, 1)) {
            ModelExporter.export(net, t.weights(), d.build(), "# test model\n", dir);
        }
        return dir;
    }

    public static ModelDescriptor descriptor(UNet.Config net) {
        return builder(net).build();
    }

    /** {@link #descriptor}'s values, to change some before building. */
    public static ModelDescriptor.Builder builder(UNet.Config net) {
        ModelDescriptor.Builder d = new ModelDescriptor.Builder();
        d.name = "tiny";
        d.input = new ModelDescriptor.TensorSpec(ModelExporter.INPUT, "byxc", net.inputChannels());
        d.output = new ModelDescriptor.TensorSpec(ModelExporter.OUTPUT, "byxc", net.classes());
        d.classes = List.of("background", "nucleus", "boundary");
        d.object_classes = List.of("nucleus");
        d.boundary_class = "boundary";
        d.normalization = ModelDescriptor.Normalization.percentile(1, 99.8);
        ModelExporter.describe(net, d);
        d.min_tile = net.sizeDivisor() * 4;
        return d;
    }
}
