package io.pixelwise.cli;

import io.pixelwise.model.Diagnostics;
import io.pixelwise.model.Models;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;

import java.util.List;

/**
 * Command-line Diagnostics: versions, native build, CPU features, GPU and why (not) used, other TensorFlow jars,
 * and a throughput probe; text to paste into a forum post ({@link Diagnostics}).
 */
public final class Diagnose {

    static final OptionSpec SPEC = new OptionSpec("Diagnose", List.of(
            Option.model("model", "Model", Models.DEFAULT, "the model the throughput probe runs"),
            Option.number("probe", "Probe", 5, 0, 600, "seconds of throughput probe, 0 = none")));

    private Diagnose() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(Diagnose.class, args);
        try {
            OptionSpec.Values v = Flags.parse("Diagnose", "What Pixelwise and TensorFlow run on, and why a GPU is "
                    + "or is not used.", SPEC, null, args).values();
            System.out.print(Diagnostics.text(Diagnostics.report(Models.resolve(v.text("model"), List.of()),
                    v.number("probe"))));
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | io.pixelwise.model.ModelException e) {
            System.err.println("Diagnose: " + e.getMessage());
            System.exit(2);
        }
    }
}
