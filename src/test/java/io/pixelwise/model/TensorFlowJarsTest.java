package io.pixelwise.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorFlowJarsTest {

    @TempDir
    Path dir;

    @Test
    void ourOwnClassPathHasOneTensorFlow() {
        assertEquals(1, TensorFlowJars.locations(getClass().getClassLoader()).size());
        TensorFlowJars.requireSingle(getClass().getClassLoader());
    }

    /** A jar laid out like Fiji's libtensorflow-1.15.0.jar next to ours: the message names it. */
    @Test
    void aSecondTensorFlowJarIsNamed() throws IOException {
        Path jar = dir.resolve("libtensorflow-1.15.0.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new ZipEntry("org/tensorflow/Session.class"));
            j.write(new byte[]{(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            j.closeEntry();
        }
        try (URLClassLoader fiji = new URLClassLoader(new URL[]{jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertEquals(2, TensorFlowJars.locations(fiji).size());
            ModelException e = assertThrows(ModelException.class, () -> TensorFlowJars.requireSingle(fiji));
            assertTrue(e.getMessage().contains("libtensorflow-1.15.0.jar"), e.getMessage());
            assertTrue(e.getMessage().contains("tensorflow-core-api-1.1.0.jar"), e.getMessage());
        }
    }
}
