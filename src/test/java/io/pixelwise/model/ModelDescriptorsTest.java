package io.pixelwise.model;

import io.pixelwise.TestModels;
import io.pixelwise.train.UNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDescriptorsTest {

    @TempDir
    Path dir;

    private ModelDescriptor.Builder valid() {
        return TestModels.builder(new UNet.Config(1, 3, 3, 4, UNet.Norm.BATCH, 0.1f, 2));
    }

    @Test
    void writesAndReadsBackEveryField() throws Exception {
        ModelDescriptor.Builder b = valid();
        b.provenance = java.util.Map.of("license", "CC0 1.0");
        ModelDescriptor d = b.build();
        Path f = dir.resolve("pixelwise.json");
        ModelDescriptors.write(d, f);
        ModelDescriptor r = ModelDescriptors.read(f);
        assertEquals("image", r.input.name);
        assertEquals("probabilities", r.output.name);
        assertEquals(List.of("background", "nucleus", "boundary"), r.classes);
        assertEquals("percentile", r.normalization.type);
        assertEquals(99.8, r.normalization.high);
        assertEquals(8, r.size_divisor);
        assertEquals(3, r.network.depth);
        assertEquals(4, r.network.base_filters);
        assertTrue(r.network.batch_norm);
        assertEquals(0.1, r.network.dropout, 1e-6);
        assertEquals(2, r.network.input_scale);
        assertEquals(d.halo, r.halo);
        assertEquals("CC0 1.0", r.provenance.get("license"));
        assertEquals(1, r.classIndex("nucleus"));
    }

    @Test
    void aDescriptorIsFrozenAndItsBuilderCopiesEveryField() {
        ModelDescriptor.Builder b = valid();
        b.provenance = new java.util.HashMap<>(java.util.Map.of("license", "CC0 1.0"));
        ModelDescriptor d = b.build();
        b.provenance.put("license", "changed after build");
        assertEquals("CC0 1.0", d.provenance.get("license"), "the descriptor keeps its own copy");
        assertThrows(UnsupportedOperationException.class, () -> d.classes.add("another"));
        assertThrows(UnsupportedOperationException.class, () -> d.provenance.put("x", "y"));
        assertEquals(ModelDescriptors.toMap(d), ModelDescriptors.toMap(d.toBuilder().build()));
    }

    @Test
    void parsesHandWrittenJsonWithMeanStd() throws Exception {
        Path f = dir.resolve("pixelwise.json");
        Files.writeString(f, """
                {"name": "m", "input": {"name": "in", "axes": "byxc", "channels": 2},
                 "output": {"name": "out", "kind": "logits"},
                 "classes": ["bg", "cell"],
                 "normalization": {"type": "mean_std", "mean": 10, "std": 2},
                 "size_divisor": 8, "min_tile": 64, "halo": 32}""");
        ModelDescriptor d = ModelDescriptors.read(f);
        assertEquals(2, d.input.channels);
        assertEquals("logits", d.output.kind);
        assertEquals(10, d.normalization.mean);
    }

    @Test
    void missingFileSaysWhichFile() {
        Path f = dir.resolve("pixelwise.json");
        ModelException e = assertThrows(ModelException.class, () -> ModelDescriptors.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void corruptJsonIsReported() throws Exception {
        Path f = dir.resolve("pixelwise.json");
        Files.writeString(f, "{\"input\": {\"name\": ");
        ModelException e = assertThrows(ModelException.class, () -> ModelDescriptors.read(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void eachBadFieldGetsItsOwnMessage() {
        expectError(d -> d.input = d.input.withName(null), "'input.name' is missing");
        expectError(d -> d.output = null, "'output.name' is missing");
        expectError(d -> d.input = d.input.withAxes("bqyx"), "axes 'bqyx'");
        expectError(d -> d.input = d.input.withChannels(0), "'input.channels' must be at least 1");
        expectError(d -> d.classes = List.of("only"), "at least two classes");
        expectError(d -> d.classes = List.of("a", "b", "a"), "duplicate");
        expectError(d -> d.output = d.output.withChannels(5), "'output.channels' is 5 but 3 classes");
        expectError(d -> d.object_classes = List.of("cell"), "object class 'cell'");
        expectError(d -> d.boundary_class = "edge", "boundary class 'edge'");
        expectError(d -> d.normalization = null, "'normalization' is missing");
        expectError(d -> d.context_slices = 1, "'context_slices' 1 needs 'input.channels' to be a multiple of 3");
        expectError(d -> d.normalization = d.normalization.withScope("image"), "normalization scope must be");
        expectError(d -> d.min_object_size = -3, "'min_object_size' must be >= 0");
        expectError(d -> d.min_object_probability = 1, "'min_object_probability' must be from 0 (off) to below 1");
        expectError(d -> d.split_depth = -1, "'split_depth' must be >= 0");
        expectError(d -> d.distance_levels = 4, "'distance_levels' (4) must be 2 to 127, for a model of two classes");
        expectError(d -> {
            d.distance_levels = 4;
            d.classes = List.of("background", "nucleus");
            d.boundary_class = null;
            d.output = d.output.withChannels(5);
            d.seed_level = 9;
        }, "'seed_level' must be from 1 to 'distance_levels' (4), was 9");
        expectError(d -> {
            d.distance_levels = 4;
            d.classes = List.of("background", "nucleus");
            d.boundary_class = null;
            d.output = d.output.withChannels(2);
        }, "'output.channels' is 2 but 2 classes are named with 4 distance levels (5 channels)");
        expectError(d -> d.normalization = normalization("{\"type\": \"minmax\"}"), "normalization type");
        expectError(d -> d.normalization = ModelDescriptor.Normalization.percentile(1, 0.5), "0 <= low < high <= 100");
        expectError(d -> d.halo = d.size_divisor + 1, "'halo' must be a non-negative multiple");
        expectError(d -> d.min_tile = 6, "'min_tile'");
        expectError(d -> d.size_divisor = 0, "'size_divisor'");
        expectError(d -> d.output = d.output.withKind("scores", null), "'output.kind'");
        expectError(d -> d.format_version = 2, "format_version 2");
    }

    /** A normalisation as a file would give it, checked only with the descriptor. */
    private static ModelDescriptor.Normalization normalization(String json) {
        return new com.google.gson.Gson().fromJson(json, ModelDescriptor.Normalization.class);
    }

    private void expectError(Consumer<ModelDescriptor.Builder> breakIt, String expected) {
        ModelDescriptor.Builder b = valid();
        breakIt.accept(b);
        ModelDescriptor d = b.build();
        ModelException e = assertThrows(ModelException.class, () -> ModelDescriptors.check(d, "test.json"));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("test.json"), e.getMessage());
    }
}
