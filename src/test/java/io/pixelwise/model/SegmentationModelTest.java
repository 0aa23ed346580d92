package io.pixelwise.model;

import io.pixelwise.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationModelTest {

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void export() throws IOException {
        model = TestModels.tiny(shared.resolve("tiny"), 1);
    }

    @Test
    void loadsAndPredictsProbabilities() {
        try (SegmentationModel m = SegmentationModel.load(model, 1, 1)) {
            float[] p = m.predict(new float[2 * 16 * 24], 2, 16, 24);
            assertEquals(2 * 16 * 24 * 3, p.length);
            for (int i = 0; i < p.length; i += 3) {
                assertEquals(1.0, p[i] + p[i + 1] + p[i + 2], 1e-5);
            }
            assertEquals("CPU", m.device());
        }
    }

    @Test
    void missingFolder() {
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("Model folder not found"), e.getMessage());
    }

    @Test
    void folderWithoutSavedModel() {
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(dir));
        assertTrue(e.getMessage().contains("has no saved_model.pb"), e.getMessage());
    }

    @Test
    void corruptSavedModel() throws IOException {
        Path m = copy("corrupt", f -> { });
        Files.write(m.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("TensorFlow could not load the SavedModel"), e.getMessage());
    }

    @Test
    void unknownInputName() throws IOException {
        Path m = copy("badinput", d -> d.input = d.input.withName("pixels"));
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("input 'pixels' is not in signature 'serving_default' (inputs: [image])"),
                e.getMessage());
    }

    @Test
    void unknownOutputName() throws IOException {
        Path m = copy("badoutput", d -> d.output = d.output.withName("labels"));
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("output 'labels' is not in signature"), e.getMessage());
    }

    @Test
    void unknownSignature() throws IOException {
        Path m = copy("badsig", d -> d.signature = "predict");
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("signature 'predict'"), e.getMessage());
    }

    @Test
    void descriptorDisagreeingWithGraphOnChannels() throws IOException {
        Path m = copy("channels", d -> d.input = d.input.withChannels(3));
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("the graph's input has 1 channels but pixelwise.json says 3"),
                e.getMessage());
    }

    @Test
    void descriptorDisagreeingWithGraphOnClasses() throws IOException {
        Path m = copy("classes", d -> {
            d.classes = java.util.List.of("background", "nucleus");
            d.boundary_class = null;
            d.output = d.output.withChannels(0);
        });
        ModelException e = assertThrows(ModelException.class, () -> SegmentationModel.load(m));
        assertTrue(e.getMessage().contains("output has 3 channels but pixelwise.json says 2"), e.getMessage());
    }

    /** A copy of the tiny model with its descriptor edited. */
    private Path copy(String name, Consumer<ModelDescriptor.Builder> edit) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> files = Files.walk(model)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // written as an older folder's pixelwise.json, which a folder's rdf.yaml gives way to
        ModelDescriptor.Builder d = Models.descriptor(to).toBuilder();
        edit.accept(d);
        io.pixelwise.model.ModelDescriptors.write(d.build(), to.resolve(ModelDescriptor.FILE_NAME));
        return to;
    }
}
