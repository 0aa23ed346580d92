package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import io.pixelwise.ij.RegionMeasurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacroTablesTest {

    @TempDir
    Path dir;

    /** Two regions of 6 and 2 pixels on 0.5 mm pixels, measured and saved as Measure Regions saves them. */
    private Path regionsTable(String base) throws Exception {
        ImagePlus labels = IJ.createImage("labels", "16-bit black", 8, 5, 1);
        for (int x = 0; x < 3; x++) {
            labels.getProcessor().set(x, 1, 1);
            labels.getProcessor().set(x, 2, 1);
        }
        labels.getProcessor().set(6, 4, 2);
        labels.getProcessor().set(7, 4, 2);
        Calibration cal = labels.getCalibration();
        cal.setUnit("mm");
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        RegionMeasurement.save(RegionMeasurement.measure(labels, null, null), dir, base, true);
        return dir.resolve(base + "-regions.csv");
    }

    @Test
    void readsMeasureRegionsTablesByHeadingOrByHeadingWithoutItsUnit() throws Exception {
        String table = regionsTable("scan").toString();
        assertEquals("2", MacroTables.rows(table));
        assertEquals("6", MacroTables.value(table, "Pixels", "0"));
        assertEquals(1.5, Double.parseDouble(MacroTables.value(table, "Area", "0")), 1e-9, "6 pixels of 0.25 mm²");
        assertEquals(0.5, Double.parseDouble(MacroTables.value(table, "Area", "1")), 1e-9);
        assertEquals("mm²", MacroTables.unit(table, "Area"), "written in UTF-8, whatever the platform's charset");
        assertEquals("mm", MacroTables.unit(table, "Perimeter"));
        assertEquals("", MacroTables.unit(table, "Pixels"), "no unit");
        assertEquals("", MacroTables.value(table, "Volume", "0"), "no such column");
        assertEquals("", MacroTables.value(table, "Pixels", "2"), "no such row");
        assertEquals("", MacroTables.value(table, "Are", "0"), "a heading's start is not its name");
    }

    @Test
    void aRewrittenTableIsReadAgainAndAMissingOneIsNamed() throws Exception {
        Path table = regionsTable("scan");
        assertEquals("2", MacroTables.rows(table.toString()));
        FileTime time = Files.getLastModifiedTime(table);
        Files.writeString(table, "Label,Pixels\n1,40\n2,41\n3,42\n");
        Files.setLastModifiedTime(table, time);                 // a rewrite within the clock's resolution
        assertEquals("3", MacroTables.rows(table.toString()), "a table of another size is read again");
        assertEquals("42", MacroTables.value(table.toString(), "Pixels", "2"));

        String missing = dir.resolve("gone-regions.csv").toString();
        String message = MacroTables.rows(missing);
        assertTrue(message.startsWith("cannot read the table " + missing) && message.contains("not found"), message);
        assertEquals("", MacroTables.value(missing, "Pixels", "0"));
    }

    /** What the skip path of a folder macro does: a saved table's numbers read back from a batch-mode macro. */
    @Test
    void aBatchModeMacroReadsTheNumbersBack() throws Exception {
        String table = regionsTable("benign (3)").toString();
        String result = IJ.runMacro("setBatchMode(true);\n"
                + "t = getArgument();\n"
                + "n = parseInt(call('io.pixelwise.command.MacroTables.rows', t));\n"
                + "total = 0;\n"
                + "for (r = 0; r < n; r++) total = total + parseFloat(call('io.pixelwise.command.MacroTables.value', "
                + "t, 'Area', '' + r));\n"
                + "return '' + n + ' ' + d2s(total, 2) + ' ' + call('io.pixelwise.command.MacroTables.unit', t, "
                + "'Perimeter');", table);
        assertEquals("2 2.00 mm", result);
    }

    @Test
    void thePixelSizeOfAFileFromATableOrWhyThereIsNone() throws Exception {
        Path sizes = dir.resolve("sizes.csv");
        Files.writeString(sizes, "filename,pixel_size_mm\n\"scan (7).png\",0.0691358\n");
        assertEquals("0.0691358", SetPixelSizePlugin.pixelSize(sizes.toString(), "scan (7).png"));
        String message = SetPixelSizePlugin.pixelSize(sizes.toString(), "other.png");
        assertTrue(message.contains("'other.png' is not in the pixel size table"), message);
        assertTrue(Double.isNaN(ij.util.Tools.parseDouble(message)), "a macro's parseFloat sees no number: " + message);
    }
}
