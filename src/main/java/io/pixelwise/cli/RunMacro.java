package io.pixelwise.cli;

import ij.IJ;
import ij.macro.Interpreter;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.TextComponent;
import java.awt.Window;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an ImageJ macro unattended and always ends: {@code RunMacro MACRO.ijm [ARGUMENTS] --imagej Fiji.app
 * [--timeout SECONDS]} (under a virtual display: {@code xvfb-run -a java -cp "Fiji.app/jars/*:Fiji.app/plugins/*"
 * io.pixelwise.cli.RunMacro ...}). ImageJ's own {@code -batch} waits forever when a macro error or any command opens a dialog on a server;
 * here a watchdog sees the dialog, prints its text and ends the run. Exit codes: 0 the macro ran to its end;
 * 1 it reported a failure ({@code call("io.pixelwise.cli.RunMacro.fail", message)}, as Pixelwise's macros do for a
 * missing argument); 2 a dialog would have waited (a macro error, a missing argument, a command that asked); 3 the
 * macro file is missing or the arguments are wrong; 124 the time limit passed.
 */
public final class RunMacro {

    static final OptionSpec SPEC = new OptionSpec("RunMacro", List.of(
            Option.folder("imagej", "ImageJ", "the ImageJ or Fiji folder whose plugins/ the macro's commands come "
                    + "from (required)"),
            Option.integer("timeout", "Timeout", 86_400, 1, Integer.MAX_VALUE, "stop after this many seconds")));
    private static final long POLL_MS = 200;
    private static final long SETTLE_MS = 1000;
    private static volatile String failure;

    private RunMacro() {
    }

    /** For macros: marks the run as failed with {@code message} (exit code 1 once the macro ends). */
    public static String fail(String message) {
        failure = message;
        return "";
    }

    public static void main(String[] args) throws InterruptedException {
        NativeLogs.quietOrReturn(RunMacro.class, args);
        Path macro = null;
        String arguments = "";
        long timeout = 0;
        try {
            Flags.Parsed parsed = Flags.parse("RunMacro", "Runs an ImageJ macro headless (under Xvfb): a macro "
                    + "error or a dialog that would wait ends the run with its text and a non-zero exit.", SPEC,
                    new String[] {"MACRO.ijm [ARGUMENTS]", "the macro file, then its getArgument(), e.g. "
                            + "\"input=/data/scans output=/data/out\"", "2"}, args);
            List<String> positional = parsed.positional();
            macro = positional.isEmpty() ? null : Path.of(positional.get(0));
            arguments = positional.size() > 1 ? positional.get(1) : "";
            timeout = parsed.values().longValue("timeout");
            String home = parsed.values().optionalText("imagej");
            Path imagej = home == null ? null : Path.of(home);
            if (macro == null || !Files.isRegularFile(macro)) {
                throw new IllegalArgumentException(macro == null ? "no macro given; --help shows the options"
                        : "macro not found: " + macro.toAbsolutePath());
            }
            if (imagej == null || !Files.isDirectory(imagej.resolve("plugins"))) {
                throw new IllegalArgumentException(imagej == null ? "--imagej FOLDER is needed (the ImageJ or Fiji "
                        + "folder with plugins/)" : "no plugins/ folder in " + imagej.toAbsolutePath());
            }
            // ImageJ builds its command table from this folder's plugins the first time a macro runs a command.
            System.setProperty("plugins.dir", imagej.toAbsolutePath().toString());
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("RunMacro: " + e.getMessage());
            System.exit(3);
        }
        System.exit(run(macro, arguments, timeout));
    }

    /** Runs the macro; returns the exit code (see the class comment) after printing why when it is not 0. */
    static int run(Path macro, String arguments, long timeoutSeconds) throws InterruptedException {
        failure = null;
        Thread runner = new Thread(() -> {
            Interpreter.batchMode = true;
            IJ.runMacroFile(macro.toAbsolutePath().toString(), arguments);
        }, "macro " + macro.getFileName());
        runner.setDaemon(true);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        runner.start();
        while (runner.isAlive()) {
            runner.join(POLL_MS);
            if (openDialog() != null) {
                // Caught while ImageJ may still be filling it in, or on its way out: give it a moment. One that
                // waits for an answer is still there; one that passed (a window flashing by) is not a hang.
                Thread.sleep(SETTLE_MS);
                String dialog = openDialog();
                if (dialog != null) {
                    System.err.println("RunMacro: " + macro.getFileName() + " stopped: a dialog would wait for an "
                            + "answer that never comes: " + dialog);
                    return 2;
                }
            }
            if (System.nanoTime() > deadline) {
                System.err.println("RunMacro: " + macro.getFileName() + " did not finish in " + timeoutSeconds
                        + " s; stopped");
                return 124;
            }
        }
        if (failure != null) {
            System.err.println("RunMacro: " + macro.getFileName() + " failed: " + failure);
            return 1;
        }
        return 0;          // ran to its end, or stopped early with exit (errors show a dialog, caught above)
    }

    /** The title and text of a dialog on screen, or null when none is. */
    static String openDialog() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Dialog d && d.isShowing()) {
                List<String> text = new ArrayList<>();
                collectText(d, text);
                String title = d.getTitle() == null || d.getTitle().isBlank() ? "untitled " + d.getClass().getName()
                        : d.getTitle();
                return "'" + title + "': " + String.join(" ", text);
            }
        }
        return null;
    }

    private static void collectText(Container c, List<String> out) {
        for (Component k : c.getComponents()) {
            if (k instanceof Label l && !l.getText().isBlank()) {
                out.add(l.getText());
            } else if (k instanceof TextComponent t && !t.getText().isBlank()) {
                out.add(t.getText());
            } else if (k.getClass().getName().equals("ij.gui.MultiLineLabel")) {
                out.add(multiLineText(k));
            } else if (k instanceof Container inner) {
                collectText(inner, out);
            }
        }
    }

    /** ImageJ's message dialogs draw their text with a MultiLineLabel, which has no getter for it. */
    private static String multiLineText(Component label) {
        try {
            Field f = label.getClass().getDeclaredField("lines");
            f.setAccessible(true);
            return String.join(" ", (String[]) f.get(label));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(text unreadable: " + e + ")";
        }
    }
}
