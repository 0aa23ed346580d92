package io.pixelwise.command;

import io.pixelwise.io.CsvTables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * For Pixelwise's macro files: reads the CSV tables a command saved (Measure Regions' regions, volumes and classes
 * tables), so that a macro takes its summary numbers from the files it keeps, the same way whether it measured an
 * image just now or skipped it on a rerun because its results were already there. ImageJ's own {@code Table.open}
 * needs a display and shows a window.
 * <p>
 * A column is named by its heading, or by the heading without its unit in parentheses ({@code "Area"} for
 * {@code "Area (mm²)"}), so a macro does not spell units. From a macro:
 * {@code n = call("io.pixelwise.command.MacroTables.rows", path)} (a number, or why the table cannot be read),
 * {@code v = call("io.pixelwise.command.MacroTables.value", path, "Area", "" + row)}.
 */
public final class MacroTables {

    /** The table last read: macros ask for one value at a time, mostly of the same file. */
    private static Cached cached;

    private record Cached(Path path, BasicFileAttributes attributes, CsvTables.Table table) {
    }

    private MacroTables() {
    }

    /** The number of rows, or a message naming the file when it cannot be read as a table. */
    public static String rows(String path) {
        try {
            return String.valueOf(table(path).rows().size());
        } catch (IOException | RuntimeException e) {
            return "cannot read the table " + path + ": " + e.getMessage();
        }
    }

    /**
     * The value in a row (counted from 0) and column as written; "" when the table has no such row or column or
     * cannot be read ({@link #rows} says why).
     */
    public static String value(String path, String column, String row) {
        try {
            CsvTables.Table t = table(path);
            String heading = t.column(column);
            int r = Integer.parseInt(row.trim());
            return heading == null || r < 0 || r >= t.rows().size() ? "" : t.rows().get(r).get(heading);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The unit in parentheses at the end of the column's heading ("mm²" for "Area (mm²)"), else "". */
    public static String unit(String path, String column) {
        try {
            return table(path).unit(column);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static synchronized CsvTables.Table table(String path) throws IOException {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IOException("not found");
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        Cached c = cached;
        // Pixelwise replaces a file by renaming a new one over it: another file key, so a rewrite is never missed.
        if (c != null && c.path().equals(p) && c.attributes().lastModifiedTime().equals(a.lastModifiedTime())
                && c.attributes().size() == a.size() && c.attributes().fileKey() != null
                && c.attributes().fileKey().equals(a.fileKey())) {
            return c.table();
        }
        CsvTables.Table t = CsvTables.read(p);
        cached = new Cached(p, a, t);
        return t;
    }
}
