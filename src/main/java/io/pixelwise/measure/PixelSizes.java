package io.pixelwise.measure;

import io.pixelwise.io.CsvTables;
import io.pixelwise.io.FileNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pixel sizes of a folder of images from a CSV table, for images whose files carry none (ultrasound PNGs): one row
 * per file, a file column ({@code file}, {@code filename}, {@code image} or {@code name}) and a size column
 * {@code pixel_size_UNIT} (e.g. HC18's {@code pixel_size_mm}), or {@code pixel_size} with a {@code unit} column.
 * Pixels are square. A file is found by its name, or by its name without extension (a PNG listed, its TIFF
 * export calibrated).
 */
public final class PixelSizes {

    static final List<String> FILE_COLUMNS = List.of("file", "filename", "image", "name");
    private static final String SIZE = "pixel_size";

    private final Path table;
    private final Map<String, Calibration> byName = new LinkedHashMap<>();
    private final Map<String, List<String>> byStem = new LinkedHashMap<>();

    private PixelSizes(Path table) {
        this.table = table;
    }

    /** @throws IOException naming the table, and the column or line at fault */
    public static PixelSizes read(Path csv) throws IOException {
        CsvTables.Table t = CsvTables.read(csv);
        List<String> columns = t.columns();
        String file = FILE_COLUMNS.stream().filter(columns::contains).findFirst().orElseThrow(() -> new IOException(
                "Pixel size table " + csv + " has no file column (one of " + String.join(", ", FILE_COLUMNS)
                        + "); its columns: " + String.join(", ", columns)));
        String size = columns.stream().filter(c -> c.equals(SIZE) || c.startsWith(SIZE + "_")).findFirst()
                .orElseThrow(() -> new IOException("Pixel size table " + csv + " has no column " + SIZE
                        + "_UNIT (e.g. pixel_size_mm) or " + SIZE + " with unit; its columns: "
                        + String.join(", ", columns)));
        String fixedUnit = size.equals(SIZE) ? null : size.substring(SIZE.length() + 1);
        if (fixedUnit == null && !columns.contains("unit")) {
            throw new IOException("Pixel size table " + csv + ": column " + SIZE + " needs a 'unit' column (or "
                    + "name the unit in the column, e.g. pixel_size_mm)");
        }
        PixelSizes out = new PixelSizes(csv);
        int line = 1;
        for (Map<String, String> row : t.rows()) {
            line++;
            String name = row.get(file);
            String value = row.get(size);
            String unit = fixedUnit != null ? fixedUnit : row.get("unit");
            double v;
            try {
                // "0,1": a decimal comma, as spreadsheets write numbers in many locales (no pixel size needs a
                // thousands separator)
                v = value == null ? Double.NaN : Double.parseDouble(value.matches("\\d*,\\d+")
                        ? value.replace(',', '.') : value);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (name == null || name.isEmpty() || !(v > 0) || Double.isInfinite(v) || unit == null
                    || unit.isBlank()) {
                throw new IOException("Pixel size table " + csv + ", row " + line + ": expected a file name, a "
                        + "positive finite pixel size and a unit; got '" + name + "', '" + value + "', '" + unit
                        + "'");
            }
            if (out.byName.put(name, new Calibration(v, v, 1, unitName(unit))) != null) {
                throw new IOException("Pixel size table " + csv + " lists " + name + " twice");
            }
            out.byStem.computeIfAbsent(FileNames.stem(name), k -> new ArrayList<>()).add(name);
        }
        return out;
    }

    /** The calibration of the file named {@code fileName}. */
    public Calibration of(String fileName) {
        Calibration c = byName.get(fileName);
        if (c != null) {
            return c;
        }
        List<String> same = byStem.getOrDefault(FileNames.stem(fileName), List.of());
        if (same.size() == 1) {
            return byName.get(same.get(0));
        }
        throw new IllegalArgumentException(same.isEmpty()
                ? "'" + fileName + "' is not in the pixel size table " + table
                : "'" + fileName + "' matches " + same + " in the pixel size table " + table + "; name it exactly");
    }

    /** Units as ImageJ writes them: µm for um / micron. */
    private static String unitName(String unit) {
        String u = unit.trim();
        return switch (u.toLowerCase(Locale.ROOT)) {
            case "um", "micron", "microns", "µm" -> "µm";
            default -> u;
        };
    }
}
