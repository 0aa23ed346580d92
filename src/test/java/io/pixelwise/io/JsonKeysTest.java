package io.pixelwise.io;

import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.ModelException;
import io.pixelwise.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A misspelt key in a hand-written file is an error naming it, not an option silently left at its default. */
class JsonKeysTest {

    @TempDir
    Path dir;

    @Test
    void aMisspeltKeyOfATrainingConfigurationIsNamedWithItsPathAndTheKeysKnownThere() throws Exception {
        Path f = dir.resolve("training.json");
        Files.writeString(f, """
                {"name": "m", "images": "i", "labels": "l", "augment": {"flip_x": true, "elastc": true}}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.read(f));
        assertEquals(f + ": unknown key 'augment.elastc' (known in 'augment': elastic, flip_x, flip_y, gamma, "
                + "intensity, rotations, zoom)", e.getMessage());
        Files.writeString(f, """
                {"name": "m", "images": "i", "labels": "l", "epoch": 3}""");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": unknown key 'epoch' (known: augment, batch, "), e.getMessage());
        assertTrue(e.getMessage().contains(" epochs, "), e.getMessage());
    }

    @Test
    void aMisspeltKeyOfAModelDescriptorIsNamedButFreeMapsAreNotChecked() {
        ModelException e = assertThrows(ModelException.class, () -> ModelDescriptors.fromMap(java.util.Map.of(
                "name", "m", "normalization", java.util.Map.of("type", "percentile", "hihg", 99)), "rdf.yaml"));
        assertTrue(e.getMessage().startsWith("Model descriptor rdf.yaml: unknown key 'normalization.hihg' (known in "
                + "'normalization': high, joint_channels, low, mean, scope, std, steps, type)"), e.getMessage());
        assertNull(JsonKeys.unknown(com.google.gson.JsonParser.parseString(
                "{\"provenance\": {\"anything\": \"goes\"}, \"classes\": [\"a\", \"b\"]}"),
                io.pixelwise.model.ModelDescriptor.Builder.class), "provenance is a free map");
    }
}
