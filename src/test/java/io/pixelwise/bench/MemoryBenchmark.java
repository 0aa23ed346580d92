package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.pixelwise.io.TiffStackWriter;
import io.pixelwise.measure.Calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of Segment Image on a 1024 x 1024 x 512 16-bit stack (1 GiB) under {@code -Xmx2g}: the command-line Segment
 * runs in a child JVM, plane by plane ({@code --stream}) and, for comparison, in memory. Peak heap is the largest
 * heap occupancy the child's GC log shows before a collection; peak RSS is the kernel's high-water mark (VmHWM),
 * which also holds TensorFlow's native memory. The stack is the bundled sample mosaicked, a different crop per plane,
 * scaled to 16 bits, written to a scratch folder and deleted afterwards. Usage:
 * {@code MemoryBenchmark [MODEL] [SAMPLE_IMAGE] [PLANES] [XMX]}; prints a Markdown table.
 */
public final class MemoryBenchmark {

    private static final int SIDE = 1024;

    public static void main(String[] args) throws Exception {
        InferenceBenchmark.Inputs in = InferenceBenchmark.Inputs.of(args);
        String model = in.model();
        Path modelDir = in.modelDir();
        String sample = in.sample();
        int planes = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        String xmx = args.length > 3 ? args[3] : "2g";
        Path scratch = Files.createTempDirectory("pixelwise-memory");
        try {
            Path stack = scratch.resolve("stack.tif");
            writeStack(IJ.openImage(sample), stack, planes);
            System.out.printf(Locale.ROOT, "| run (%dx%dx%d 16-bit, %.2f GiB, model %s, -Xmx%s) | outcome | s | "
                    + "peak heap MiB | peak RSS MiB |%n|---|---|---|---|---|%n", SIDE, SIDE, planes,
                    Files.size(stack) / Math.pow(2, 30), model, xmx);
            for (boolean stream : new boolean[] {true, false}) {
                System.out.println(run(stack, modelDir, scratch.resolve(stream ? "streamed" : "memory"), stream,
                        xmx));
            }
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Crops of the mosaic, a different one per plane, scaled from 8 to 16 bits, written a plane at a time. */
    private static void writeStack(ImagePlus sample, Path file, int planes) throws IOException {
        ImageProcessor mosaic = InferenceBenchmark.mosaic(sample).getProcessor();
        try (TiffStackWriter w = new TiffStackWriter(file, SIDE, SIDE, TiffStackWriter.PixelType.UINT16, planes, 1,
                Calibration.PIXELS)) {
            for (int z = 0; z < planes; z++) {
                int x0 = (z * 37) % (mosaic.getWidth() - SIDE);
                int y0 = (z * 53) % (mosaic.getHeight() - SIDE);
                short[] p = new short[SIDE * SIDE];
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        p[y * SIDE + x] = (short) (mosaic.get(x0 + x, y0 + y) * 200 + 1000);
                    }
                }
                w.write(p);
            }
        }
    }

    private static String run(Path stack, Path modelDir, Path out, boolean stream, String xmx) throws Exception {
        Path gcLog = out.resolveSibling(out.getFileName() + "-gc.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                "io.pixelwise.cli.Segment", stack.toString(), "--model", modelDir.toString(), "--out",
                out.toString()));
        if (stream) {
            cmd.add("--stream");
        }
        Path log = out.resolveSibling(out.getFileName() + ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long hwmKib = 0;
        while (p.isAlive()) {
            hwmKib = Math.max(hwmKib, statusKib(p.pid(), "VmHWM"));
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String output = Files.readString(log);
        Matcher counts = Pattern.compile(": (\\{[^}]*\\})").matcher(lastLine(output, ": {"));
        String outcome = p.exitValue() == 0 && counts.find() ? "done, " + counts.group(1)
                : output.contains("OutOfMemoryError")
                ? "OutOfMemoryError" : "failed (exit " + p.exitValue() + "): " + lastLine(output, "");
        Matcher stages = Pattern.compile("s \\((.*)\\)$").matcher(lastLine(output, ": {"));
        if (stages.find()) {
            System.err.println((stream ? "plane by plane" : "in memory") + ", where the time went: " + stages.group(1));
        }
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %d | %d |", stream
                ? "Segment --stream (TIFF read as a virtual stack, results written plane by plane)"
                : "Segment in memory (the whole stack, class and instance images on the heap)", outcome.replace('|',
                '/'), seconds, peakHeapMib(gcLog), hwmKib / 1024);
    }

    private static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process just ended
        }
        return 0;
    }

    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The most heap in use before any collection, from the child's GC log. */
    private static long peakHeapMib(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return peak;
    }

    private static String lastLine(String output, String containing) {
        String last = "";
        for (String line : output.split("\n")) {
            if (line.contains(containing) && !line.isBlank()) {
                last = line.strip();
            }
        }
        return last;
    }
}
