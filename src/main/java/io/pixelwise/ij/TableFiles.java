package io.pixelwise.ij;

import ij.gui.Plot;
import ij.measure.ResultsTable;
import io.pixelwise.io.AtomicFiles;

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
                AtomicFiles.write(e.getKey(), temp -> {
                    if (!rt.save(temp.toString())) {
                        throw new IOException("Could not write " + e.getKey() + " (disk full or no permission?)");
                    }
                });
            } else {
                ImageFiles.save(((Plot) e.getValue()).getImagePlus(), e.getKey());
            }
        }
        return List.copyOf(outputs.keySet());
    }
}
