package io.pixelwise.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagsTest {

    /**
     * picocli reads help as format strings: a "%" in an option's help must come out as written, without picocli
     * warning on standard error that it could not format it.
     */
    @Test
    void helpWithAPercentSignPrintsItAsWrittenAndQuietly() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Flags.HelpRequested help;
        try {
            help = assertThrows(Flags.HelpRequested.class, () -> Flags.parse("Validate", "scores 100 % of a split",
                    Validate.SPEC, new String[] {"MODEL_FOLDER", "the model, 1 % or more"}, new String[] {"--help"}));
        } finally {
            System.setErr(err);
        }
        String text = help.getMessage();
        assertTrue(text.contains("with a 95 % interval"), text);
        assertTrue(text.contains("scores 100 % of a split") && text.contains("the model, 1 % or more"), text);
        String stderr = captured.toString(StandardCharsets.UTF_8);   // other lines may come from Jazzer's agent
        assertFalse(stderr.contains("picocli"), stderr);
    }
}
