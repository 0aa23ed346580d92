package io.pixelwise.spark;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What SparkBatch makes of its input argument, without starting Spark. */
class SparkInputsTest {

    @TempDir
    Path dir;

    @Test
    void namesAURIMustEscapeAreListedAndDecoded() throws Exception {
        List<String> names = List.of("100%.png", "a:b.png", "benign (12).png", "é #1.png");
        for (String n : names) {
            Files.writeString(dir.resolve(n), "");
        }
        List<SparkBatch.Item> items = SparkBatch.list(dir.toString(), new Configuration());
        assertEquals(names, items.stream().map(i -> SparkBatch.fileName(i.uri())).sorted().toList());
        for (SparkBatch.Item i : items) {
            assertTrue(Files.exists(Path.of(java.net.URI.create(java.net.URI.create(i.uri()).toASCIIString()))),
                    i.uri());
        }
        // Hadoop's glob cannot pass a ':' in a file name: said so, with what to do instead
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkBatch.list(dir.resolve("*.png").toString(), new Configuration()));
        assertTrue(e.getMessage().contains("a:b.png") && e.getMessage().contains("give the folder or a manifest"),
                e.getMessage());
        Files.delete(dir.resolve("a:b.png"));
        assertEquals(List.of("benign (12).png"), SparkBatch.list(dir.resolve("benign (*).png").toString(),
                new Configuration()).stream().map(i -> SparkBatch.fileName(i.uri())).toList());
    }
}
