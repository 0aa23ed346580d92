package io.pixelwise.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core (algorithms on ImgLib2, models, files, options, the pipeline) never touches ImageJ 1.x or a UI: only
 * {@code ij} (converters and ImageJ-facing helpers), {@code command} (plugins and SciJava commands) and {@code cli}
 * may. The build fails when a core file imports or names {@code ij.*}, AWT or Swing.
 */
class CorePackagesTest {

    static final Path SOURCES = Path.of("src/main/java/io/pixelwise");
    static final Set<String> ADAPTERS = Set.of("ij", "command", "cli");
    static final Pattern FORBIDDEN = Pattern.compile("(?m)^import\\s+(static\\s+)?(ij\\.|java\\.awt\\.|javax\\.swing\\.)"
            + "|\\bij\\.(IJ|ImagePlus|ImageStack|gui|process|io|plugin|measure|macro)\\b");

    @Test
    void corePackagesDoNotUseImageJOrAUi() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<String> core = new ArrayList<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path p : packages.filter(Files::isDirectory).toList()) {
                if (ADAPTERS.contains(p.getFileName().toString())) {
                    continue;
                }
                core.add(p.getFileName().toString());
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        if (FORBIDDEN.matcher(Files.readString(f)).find()) {
                            offenders.add(SOURCES.relativize(f).toString());
                        }
                    }
                }
            }
        }
        assertTrue(core.containsAll(List.of("pipeline", "options", "regions", "infer", "train", "eval", "measure")),
                "core packages found: " + core);
        assertEquals(List.of(), offenders, "core files that use ImageJ 1.x or a UI");
    }
}
