package io.pixelwise.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads CSV tables with a header row (Commons CSV), checking that the columns a caller needs are there. */
public final class CsvTables {

    /** A header naming a column twice is an error: which of the two would a caller mean? */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setTrim(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).build();

    /** How much of the header row is looked at for its delimiter. */
    private static final int HEADER_LOOKAHEAD = 1 << 14;

    private CsvTables() {
    }

    private static void check(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("CSV table not found: " + csv.toAbsolutePath());
        }
        if (!Files.isReadable(csv)) {
            throw new IOException("CSV table " + csv.toAbsolutePath() + ": permission denied");
        }
    }

    /**
     * Moves {@code r} past a byte order mark, if it starts with one: Excel's "CSV UTF-8" does, and the mark would
     * otherwise stick to the first column's name ("\uFEFFfile", not "file").
     */
    private static BufferedReader skipByteOrderMark(BufferedReader r) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    /**
     * The format of the table {@code r} is about to read (it reads nothing): where the header holds semicolons and no
     * comma, they separate the columns, as in the CSV that Excel writes where the decimal mark is a comma.
     */
    private static CSVFormat format(BufferedReader r) throws IOException {
        char[] start = new char[HEADER_LOOKAHEAD];
        r.mark(start.length);
        int n = Math.max(0, r.read(start, 0, start.length));
        r.reset();
        String header = new String(start, 0, n).lines().findFirst().orElse("");
        boolean semicolons = header.indexOf(';') >= 0 && header.indexOf(',') < 0;
        return semicolons ? FORMAT.builder().setDelimiter(';').build() : FORMAT;
    }

    /** A table: its header's column names, and every row as column name → value, in file order. */
    public record Table(List<String> columns, List<Map<String, String>> rows) {

        /**
         * The heading of the column {@code name}, or of the one that is {@code name} followed by a unit in
         * parentheses ({@code "Area (mm²)"} for {@code "Area"}), as Measure Regions heads its columns; null if none.
         */
        public String column(String name) {
            if (columns.contains(name)) {
                return name;
            }
            return columns.stream().filter(h -> h.startsWith(name + " (") && h.endsWith(")")).findFirst()
                    .orElse(null);
        }

        /** The unit of the column {@code name} ("mm²" for a heading "Area (mm²)"); "" when it has none or none is. */
        public String unit(String name) {
            String heading = column(name);
            return heading == null || heading.equals(name) ? "" : heading.substring(name.length() + 2,
                    heading.length() - 1);
        }
    }

    /**
     * The table in {@code csv}, read as UTF-8 (the charset every Pixelwise table is written in).
     *
     * @throws IOException naming the file when it is missing or unreadable, lacks one of {@code required}'s columns,
     *                     or a row has fewer fields than the header or an empty required field
     */
    public static Table read(Path csv, String... required) throws IOException {
        check(csv);
        // A decoding reader, not Files.newBufferedReader: a byte the charset cannot decode (a Latin-1 "é" read as
        // UTF-8) becomes U+FFFD instead of failing the whole table with "Input length = 1".
        try (BufferedReader r = skipByteOrderMark(new BufferedReader(new InputStreamReader(Files.newInputStream(csv),
                StandardCharsets.UTF_8)));
             CSVParser p = format(r).parse(r)) {
            List<String> header = p.getHeaderNames();
            for (String column : required) {
                if (!header.contains(column)) {
                    throw new IOException("CSV table " + csv + " has no column '" + column + "' (its columns: "
                            + String.join(", ", header) + ")");
                }
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (!rec.isConsistent()) {
                    throw new IOException("CSV table " + csv + ", line " + rec.getParser().getCurrentLineNumber()
                            + ": " + rec.size() + " field(s), but the header names " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>(rec.toMap());
                for (String column : required) {
                    if (row.get(column).isEmpty()) {
                        throw new IOException("CSV table " + csv + ", line " + p.getCurrentLineNumber() + ": '"
                                + column + "' is empty");
                    }
                }
                rows.add(row);
            }
            return new Table(header, rows);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException("CSV table " + csv + " cannot be read: " + e.getMessage(), e);
        }
    }
}
