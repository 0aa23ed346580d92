package io.pixelwise.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelSizesTest {

    @TempDir
    Path dir;

    private Path table(String text) throws IOException {
        Path csv = dir.resolve("sizes.csv");
        Files.writeString(csv, text);
        return csv;
    }

    @Test
    void hc18sTableCalibratesByFileNameOrStem() throws IOException {
        PixelSizes s = PixelSizes.read(table("filename,pixel_size_mm,head_circumference_mm\n"
                + "000_HC.png,0.0691358041432,44.3\n\"benign (12).png\",0.1,\n"));
        Calibration c = s.of("000_HC.png");
        assertEquals(0.0691358041432, c.pixelWidth(), 0);
        assertEquals(0.0691358041432, c.pixelHeight(), 0);
        assertEquals("mm", c.unit());
        assertEquals(0.1, s.of("benign (12).tif").pixelWidth(), 0, "the same scan exported as TIFF");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.of("001_HC.png"));
        assertTrue(e.getMessage().contains("'001_HC.png' is not in the pixel size table"), e.getMessage());
    }

    /** Excel's "CSV UTF-8" starts with a byte order mark; where the decimal mark is a comma it separates by ';'. */
    @Test
    void spreadsheetExportsReadAsTheyLook() throws IOException {
        Path csv = dir.resolve("excel.csv");
        Files.write(csv, ("\uFEFFfile;pixel_size_mm\r\nbenign (1).png;0,1\r\nbenign (2).png;0.2\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PixelSizes s = PixelSizes.read(csv);
        assertEquals(0.1, s.of("benign (1).png").pixelWidth(), 0);
        assertEquals(0.2, s.of("benign (2).png").pixelWidth(), 0);
        Files.write(csv, "\uFEFFfile,pixel_size_mm\r\na.png,\"0,5\"\r\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0.5, PixelSizes.read(csv).of("a.png").pixelWidth(), 0, "comma-separated, the comma quoted");
        assertMessage(table("file,pixel_size_mm\na.png,\"1,000.5\"\n"), "'1,000.5'");
    }

    @Test
    void aUnitColumnAndMicrons() throws IOException {
        PixelSizes s = PixelSizes.read(table("file,pixel_size,unit\na.tif,0.65,um\nb.tif,0.2,mm\n"));
        assertEquals("µm", s.of("a.tif").unit());
        assertEquals("mm", s.of("b.tif").unit());
        assertEquals(0.65, s.of("a.tif").pixelWidth(), 0);
    }

    @Test
    void badTablesNameTheTableAndWhat() throws IOException {
        assertMessage(table("file,size\na.png,1\n"), "has no column pixel_size_UNIT");
        assertMessage(table("path,pixel_size_mm\na.png,1\n"), "has no file column");
        assertMessage(table("file,pixel_size\na.png,1\n"), "needs a 'unit' column");
        assertMessage(table("file,pixel_size_mm\na.png,0\n"), "row 2");
        assertMessage(table("file,pixel_size_mm\na.png,NaN\n"), "positive finite pixel size");
        assertMessage(table("file,pixel_size_mm\na.png,abc\n"), "'abc'");
        assertMessage(table("file,pixel_size_mm\na.png,1\na.png,2\n"), "lists a.png twice");
        assertMessage(dir.resolve("missing.csv"), "not found");
        assertMessage(table("filename,pixel_size_mm,filename\na.png,1,b.png\n"), "duplicate");
        PixelSizes twoStems = PixelSizes.read(table("file,pixel_size_mm\na.png,1\na.tif,2\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoStems.of("a.jpg"));
        assertTrue(e.getMessage().contains("name it exactly"), e.getMessage());
    }

    private static void assertMessage(Path csv, String expected) {
        IOException e = assertThrows(IOException.class, () -> PixelSizes.read(csv));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(csv.getFileName().toString()),
                e.getMessage());
    }
}
