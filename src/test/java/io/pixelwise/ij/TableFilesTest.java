package io.pixelwise.ij;

import ij.measure.ResultsTable;
import io.pixelwise.io.CsvTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableFilesTest {

    @TempDir
    Path dir;

    private static ResultsTable volumes() {
        ResultsTable rt = new ResultsTable();
        rt.incrementCounter();
        rt.addValue("Image", "benign (12).png");
        rt.addValue("Volume (mm³)", 1324.5);
        rt.incrementCounter();
        rt.addValue("Image", "scan, \"left\".tif");
        rt.addValue("Volume (mm³)", Double.NaN);
        return rt;
    }

    /** ResultsTable.save wrote "mm?" under a POSIX locale and {@code "scan, "left".tif"}, which no CSV reader splits. */
    @Test
    void writesUtf8CsvThatReadsBackValueForValue() throws IOException {
        Path csv = dir.resolve("scan-volumes.csv");
        Map<Path, Object> outputs = new LinkedHashMap<>();
        outputs.put(csv, volumes());
        assertEquals(List.of(csv), TableFiles.write(outputs, false));

        assertArrayEquals(("Image,Volume (mm³)\nbenign (12).png,1324.500\n\"scan, \"\"left\"\".tif\",NaN\n")
                .getBytes(StandardCharsets.UTF_8), Files.readAllBytes(csv));
        CsvTables.Table t = CsvTables.read(csv, "Image");
        assertEquals("mm³", t.unit("Volume"));
        assertEquals("scan, \"left\".tif", t.rows().get(1).get("Image"));
        assertEquals(1324.5, Double.parseDouble(t.rows().get(0).get(t.column("Volume"))), 1e-9);
    }

    @Test
    void writesNothingWhenOneOutputExistsAndOverwritingIsOff() throws IOException {
        Path first = dir.resolve("a-classes.csv");
        Path second = dir.resolve("a-regions.csv");
        Files.writeString(second, "kept");
        Map<Path, Object> outputs = new LinkedHashMap<>();
        outputs.put(first, volumes());
        outputs.put(second, volumes());
        IOException e = assertThrows(IOException.class, () -> TableFiles.write(outputs, false));
        assertTrue(e.getMessage().contains(second.toString()), e.getMessage());
        assertTrue(Files.notExists(first), "none written");
        assertEquals("kept", Files.readString(second));
    }
}
