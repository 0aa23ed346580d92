package io.pixelwise.options;

import java.util.ArrayList;
import java.util.List;

/** A spec as the Markdown table the README shows for its command, so the docs cannot drift from the code. */
public final class OptionTable {

    private OptionTable() {
    }

    /** @param commandLine whether the command has a command line: a column of flags */
    public static String markdown(OptionSpec spec, boolean commandLine) {
        StringBuilder sb = new StringBuilder(commandLine ? "| option (macro key) | command line | meaning | default |\n"
                + "|---|---|---|---|\n" : "| option (macro key) | meaning | default |\n|---|---|---|\n");
        for (Option o : spec.options()) {
            String dialog = o.offeredBy(Option.Front.DIALOG) ? o.label().replace('_', ' ') + " (`" + o.key() + "`)"
                    + (o.advanced() ? ", advanced" : "") : "(command line only)";
            List<String> flags = new ArrayList<>();
            if (o.offeredBy(Option.Front.CLI)) {
                flags.add(o.kind() == Option.Kind.FLAG && Boolean.TRUE.equals(o.defaultValue())
                        ? "`--no-" + o.key() + "`" : "`" + o.flag() + "`");
            }
            List<String> older = new ArrayList<>();
            for (Option.Alias a : o.aliases()) {
                older.add("`" + a.name() + "`" + (a.value() == null ? "" : " (= " + a.value() + ")"));
            }
            String meaning = o.help() + (o.kind() == Option.Kind.CHOICE ? ": " + String.join(" | ", o.choices())
                    : "") + (older.isEmpty() ? "" : "; older spelling " + String.join(", ", older));
            String def = o.kind() == Option.Kind.FLAG ? (Boolean.TRUE.equals(o.defaultValue()) ? "on" : "off")
                    : o.defaultText();
            sb.append("| ").append(dialog).append(" | ");
            if (commandLine) {
                sb.append(String.join(", ", flags)).append(" | ");
            }
            sb.append(meaning.replace("|", "\\|")).append(" | ")
                    .append(def).append(" |\n");
        }
        return sb.toString();
    }
}
