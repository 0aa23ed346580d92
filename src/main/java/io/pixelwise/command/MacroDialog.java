package io.pixelwise.command;

import ij.Macro;
import ij.gui.GenericDialog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GenericDialog that rejects macro options it does not know. ImageJ silently ignores an unknown key, so a macro
 * with {@code tilesize=512} instead of {@code tile=512} would run with the default tile; here it fails naming the
 * key and the keys there are, and {@link #wasCanceled()} is true.
 */
final class MacroDialog extends GenericDialog {

    private final String command;
    private final String macroOptions;
    private final Set<String> keys = new LinkedHashSet<>();
    private boolean rejected;

    /** @param known the keys the dialog's fields answer to (what {@link SpecDialog} adds) */
    MacroDialog(String command, Set<String> known) {
        super(command);
        this.command = command;
        this.macroOptions = Macro.getOptions();
        keys.addAll(known);
    }

    @Override
    public void showDialog() {
        super.showDialog();
        if (macroOptions != null && !super.wasCanceled()) {
            List<String> unknown = unknownKeys(macroOptions, keys);
            if (!unknown.isEmpty()) {
                rejected = true;
                Dialogs.error(command, "unknown macro option" + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown) + "; the options of " + command + " are: "
                        + String.join(", ", keys));
            }
        }
    }

    @Override
    public boolean wasCanceled() {
        return rejected || super.wasCanceled();
    }

    /**
     * The keys of a macro option string ({@code key=value}, {@code key=[value with spaces]} or a bare {@code key}
     * for a ticked checkbox) that are not in {@code known}.
     */
    static List<String> unknownKeys(String options, Set<String> known) {
        return tokens(options).stream().map(t -> t[0]).filter(k -> !known.contains(k)).toList();
    }

    /** The options with each key that {@code renamed} maps given its new name (older spellings of a key). */
    static String renameKeys(String options, Map<String, String> renamed) {
        StringBuilder sb = new StringBuilder();
        for (String[] t : tokens(options)) {
            String key = renamed.getOrDefault(t[0], t[0]);
            sb.append(key).append(t[1]).append(' ');
        }
        return sb.toString();
    }

    /** The options as [key, rest] pairs, rest being "=value", "=[value]" or "" for a bare key. */
    private static List<String[]> tokens(String options) {
        List<String[]> tokens = new ArrayList<>();
        int i = 0;
        int n = options.length();
        while (i < n) {
            while (i < n && options.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && options.charAt(i) != ' ' && options.charAt(i) != '=') {
                i++;
            }
            String key = options.substring(start, i);
            int valueStart = i;
            if (i < n && options.charAt(i) == '=') {
                i++;
                if (i < n && options.charAt(i) == '[') {
                    int close = options.indexOf(']', i);
                    i = close < 0 ? n : close + 1;
                } else {
                    while (i < n && options.charAt(i) != ' ') {
                        i++;
                    }
                }
            }
            if (!key.isEmpty()) {
                tokens.add(new String[] {key, options.substring(valueStart, i)});
            }
        }
        return tokens;
    }
}
