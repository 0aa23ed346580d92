package io.pixelwise.ij;

import ij.gui.Plot;
import ij.measure.ResultsTable;
import io.pixelwise.io.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes result tables (CSV) and plots (PNG) together: all of them, or none when one would overwrite a file. */
final class TableFiles {

    private TableFiles() {
    }

    /**
     * @param outputs file to write, each a {@link ResultsTable} or a {@link Plot}, in order
     * @return the files written
     */
    static List<Path> write(Map<Path, Object> outputs, boolean overwrite) throws IOException {
        if (!overwrite) {
            for (Path p : outputs.keySet()) {
                if (Files.exists(p)) {
                    throw new IOException("Output " + p + " exists; choose another folder or allow overwriting");
                }
            }
        }
        for (Map.Entry<Path, Object> e : outputs.entrySet()) {
            if (e.getValue() instanceof ResultsTable rt) {
                AtomicFiles.writeString(e.getKey(), csv(rt));
            } else {
                ImageFiles.save(((Plot) e.getValue()).getImagePlus(), e.getKey());
            }
        }
        return List.copyOf(outputs.keySet());
    }

    /**
     * The table as CSV, each value as the table shows it. Not {@link ResultsTable#save}: it writes in the platform's
     * charset (a POSIX-locale JVM writes "mm?" for "mm³", a Windows one another byte than Pixelwise's UTF-8
     * summaries and readers expect) and leaves the quotes inside a quoted value undoubled.
     */
    static String csv(ResultsTable rt) throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] headings = rt.getHeadings();
        try (CSVPrinter out = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            out.printRecord((Object[]) headings);
            for (int row = 0; row < rt.size(); row++) {
                for (String heading : headings) {
                    out.print(rt.getStringValue(heading, row));
                }
                out.println();
            }
        }
        return sb.toString();
    }
}
