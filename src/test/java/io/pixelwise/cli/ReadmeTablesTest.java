package io.pixelwise.cli;

import io.pixelwise.options.OptionSpec;
import io.pixelwise.options.OptionTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's option tables are the specs' own ({@link OptionTable}): each sits between
 * {@code <!-- options: NAME -->} and {@code <!-- end options -->}. After changing an option, regenerate them with
 * {@code java -cp ... io.pixelwise.cli.ReadmeTablesTest README.md} (test classes on the class path).
 */
class ReadmeTablesTest {

    static final Path README = Path.of("README.md");

    static Map<String, OptionSpec> specs() {
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        specs.put("Segment", Segment.SPEC);
        specs.put("Batch", Batch.SPEC);
        specs.put("Train", Train.SPEC);
        specs.put("Evaluate", Evaluate.SPEC);
        return specs;
    }

    @Test
    void everyCommandsTableInTheReadmeIsItsSpecs() throws IOException {
        String readme = Files.readString(README);
        assertEquals(withTables(readme), readme, "README.md's option tables differ from the specs; regenerate them "
                + "with io.pixelwise.cli.ReadmeTablesTest's main");
    }

    /** The text with each marked table replaced by its spec's. */
    static String withTables(String text) {
        for (Map.Entry<String, OptionSpec> e : specs().entrySet()) {
            String start = "<!-- options: " + e.getKey() + " -->\n";
            int a = text.indexOf(start);
            if (a < 0) {
                throw new AssertionError("README.md has no table marked '" + start.trim() + "'");
            }
            int b = text.indexOf("<!-- end options -->", a);
            text = text.substring(0, a + start.length()) + OptionTable.markdown(e.getValue()) + text.substring(b);
        }
        return text;
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "README.md");
        Files.writeString(file, withTables(Files.readString(file)));
    }
}
