package io.pixelwise.command;

import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * For Pixelwise's macro files: their own arguments ({@code getArgument()}) are checked as strictly as a command's
 * options, so {@code inptu=/data} is an error naming the key instead of an empty input that opens a folder dialog.
 * From a macro: {@code call("io.pixelwise.command.MacroArguments.unknown", getArgument(), "input,output")}.
 */
public final class MacroArguments {

    private MacroArguments() {
    }

    /** The keys of {@code arguments} not among the comma-separated {@code known} ones, comma-separated ("" if none). */
    public static String unknown(String arguments, String known) {
        return String.join(", ", MacroDialog.unknownKeys(arguments == null ? "" : arguments,
                new LinkedHashSet<>(Arrays.asList(known.split(",")))));
    }
}
