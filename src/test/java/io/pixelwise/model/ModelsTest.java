package io.pixelwise.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

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

    /** A class with no dependencies, to be loaded from a jar in a Fiji-like folder. */
    static final class Marker {
    }

    @Test
    void theInstallationsModelsAreFoundWhereverTheCommandLineRuns() throws Exception {
        // the plugin jar in Fiji.app/plugins: its models are in Fiji.app/models, whatever the working directory
        // installed under a name with a space, a '#' and a non-ASCII letter
        Path fiji = dir.resolve("José's Fiji #2.app");
        Path jar = Files.createDirectories(fiji.resolve("plugins")).resolve("Pixelwise_.jar");
        String entry = Marker.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream in = Marker.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> fromJar = loader.loadClass(Marker.class.getName());
            assertEquals(fiji.resolve("models"), Models.installationModels(fromJar));
        }
        // a build's classes (target/classes): the repository's models/, the bundled ones
        assertEquals(Path.of("models").toAbsolutePath(), Models.installationModels(Models.class));
        // each folder is searched and named once, however it was given
        List<Path> dirs = Models.searchDirs(List.of(Path.of("models").toAbsolutePath(), Path.of("./models")));
        assertEquals(1, dirs.stream().filter(d -> d.toAbsolutePath().normalize()
                .equals(Path.of("models").toAbsolutePath())).count(), dirs.toString());
    }
}
