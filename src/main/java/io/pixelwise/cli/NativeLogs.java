package io.pixelwise.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps TensorFlow's native log lines (oneDNN, SavedModel loading, CPU features, absl's "All log messages before
 * absl::InitializeLog()", MLIR passes) off a command line user's terminal. They are written by native code
 * straight to the process's standard error, and TensorFlow reads {@code TF_CPP_MIN_LOG_LEVEL} from the environment
 * once, before Java could set it; absl's lines ignore it altogether. So a command line run without
 * {@code --verbose} starts itself again in a child JVM (same Java, class path and JVM options) with
 * {@code TF_CPP_MIN_LOG_LEVEL=2}, passes its output through and drops the remaining informational native lines
 * from standard error; TensorFlow's errors and everything Pixelwise prints still get through, and the exit code is
 * the child's. {@code --verbose} (or a {@code TF_CPP_MIN_LOG_LEVEL} already set) runs in this JVM, log and all.
 */
public final class NativeLogs {

    static final String VERBOSE = "--verbose";
    static final String LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    /** Informational native lines: absl's prefix (I0000 00:00:...), absl's one warning, TensorFlow's I lines. */
    static final Pattern NOISE = Pattern.compile("^(I\\d{4} \\d\\d:\\d\\d:[\\d.]+\\s+\\d+ \\S+:\\d+\\] .*"
            + "|WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR"
            + "|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: I tensorflow/.*"
            + "|To enable the following instructions: .* rebuild TensorFlow with the appropriate compiler flags\\.)$");

    private NativeLogs() {
    }

    /**
     * Runs {@code main} with {@code args} in a quiet child JVM and exits with its code, unless the user asked for
     * TensorFlow's log (then returns, and the caller runs as usual).
     */
    public static void quietOrReturn(Class<?> main, String[] args) {
        if (Arrays.asList(args).contains(VERBOSE) || System.getenv(LEVEL) != null) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(LEVEL, "2");
        try {
            Process child = pb.start();
            // Ctrl-C reaches both; wait for the child to finish what it does on an interrupt (Train's checkpoint).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (!NOISE.matcher(line).matches()) {
                        System.err.println(line);
                    }
                }
            }
            System.exit(child.waitFor());
        } catch (IOException e) {
            return;   // no child JVM to be had: run here, log and all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }
}
