package io.pixelwise.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {

    @TempDir
    Path dir;

    @Test
    void modelsAreFoundByNameAndListedWhenANameIsUnknown() throws Exception {
        // a model folder is a SavedModel with its description: an older pixelwise.json, or rdf.yaml
        for (String m : List.of("organ", "cells")) {
            Files.createDirectories(dir.resolve(m));
            Files.writeString(dir.resolve(m).resolve("saved_model.pb"), "");
        }
        Files.writeString(dir.resolve("organ").resolve(ModelDescriptor.FILE_NAME), "{}");
        Files.writeString(dir.resolve("cells").resolve("rdf.yaml"), "type: model");
        Files.createDirectories(dir.resolve("not-a-model"));
        Files.writeString(dir.resolve("not-a-model").resolve(ModelDescriptor.FILE_NAME), "{}");
        String before = System.getProperty(Models.DIR_PROPERTY);
        System.setProperty(Models.DIR_PROPERTY, dir.toString());
        try {
            assertEquals(dir.resolve("organ"), Models.resolve("organ", List.of()));
            assertTrue(Models.available(List.of()).containsAll(List.of("cells", "organ")));
            assertTrue(!Models.available(List.of()).contains("not-a-model"));
            ModelException e = assertThrows(ModelException.class, () -> Models.resolve("liver", List.of()));
            assertTrue(e.getMessage().contains("No model 'liver'") && e.getMessage().contains("cells")
                            && e.getMessage().contains("organ"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(Models.DIR_PROPERTY);
            } else {
                System.setProperty(Models.DIR_PROPERTY, before);
            }
        }
    }
}
