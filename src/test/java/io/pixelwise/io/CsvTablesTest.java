package io.pixelwise.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CsvTablesTest {

    @TempDir
    Path dir;

    private CsvTables.Table read(String text, String... required) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.write(csv, text.getBytes(StandardCharsets.UTF_8));
        return CsvTables.read(csv, required);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws IOException {
        CsvTables.Table t = read("\uFEFFimage,group\r\nbenign (1).png,g1\r\n", "image");
        assertEquals(List.of("image", "group"), t.columns());
        assertEquals(List.of(Map.of("image", "benign (1).png", "group", "g1")), t.rows());
    }

    @Test
    void semicolonsSeparateColumnsOnlyWhereTheHeaderHasNoComma() throws IOException {
        assertEquals(List.of(Map.of("image", "a.png", "size", "0,1")), read("image;size\na.png;0,1\n").rows());
        assertEquals(List.of("image", "note;kept"), read("image,note;kept\na.png,x;y\n").columns());
        assertEquals(List.of("image"), read("image\na.png\n").columns(), "one column, no delimiter at all");
        assertEquals(List.of(), read("").columns(), "an empty file");
    }

    /** Measure Regions heads calibrated columns "Name (unit)"; callers name them without the unit. */
    @Test
    void aColumnIsFoundWithOrWithoutItsUnit() {
        CsvTables.Table t = new CsvTables.Table(List.of("Label", "Area (mm²)", "X (mm)", "Feret (px) (max)"),
                List.of());
        assertEquals("Label", t.column("Label"));
        assertEquals("Area (mm²)", t.column("Area"));
        assertEquals("mm²", t.unit("Area"));
        assertEquals("mm", t.unit("X"));
        assertEquals("", t.unit("Label"), "a heading without a unit");
        assertNull(t.column("Are"), "a prefix of a name is not the name");
        assertEquals("", t.unit("Perimeter"), "no such column");
        assertEquals("Feret (px) (max)", t.column("Feret (px)"));
        assertEquals("max", t.unit("Feret (px)"));
    }
}
