package io.pixelwise.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CsvTablesTest {

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
