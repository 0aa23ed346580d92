package io.pixelwise.cli;

import io.pixelwise.command.BlurBackgroundPlugin;
import io.pixelwise.command.CutOutPlugin;
import io.pixelwise.command.FilterRegionsPlugin;
import io.pixelwise.command.LabelsToRoisPlugin;
import io.pixelwise.command.MeasureRegionsPlugin;
import io.pixelwise.command.SaveNiftiPlugin;
import io.pixelwise.command.SetPixelSizePlugin;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.options.OptionTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        specs.put("Measure Regions", MeasureRegionsPlugin.SPEC);
        specs.put("Filter Regions", FilterRegionsPlugin.SPEC);
        specs.put("Label to ROIs", LabelsToRoisPlugin.SPEC);
        specs.put("Set Pixel Size from Table", SetPixelSizePlugin.SPEC);
        specs.put("Cut Out Objects", CutOutPlugin.SPEC);
        specs.put("Blur Background", BlurBackgroundPlugin.SPEC);
        specs.put("Save NIfTI", SaveNiftiPlugin.SPEC);
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
            boolean commandLine = List.of("Segment", "Batch", "Train", "Evaluate").contains(e.getKey());
            text = text.substring(0, a + start.length()) + OptionTable.markdown(e.getValue(), commandLine)
                    + text.substring(b);
        }
        return text;
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "README.md");
        Files.writeString(file, withTables(Files.readString(file)));
    }
}
