package io.pixelwise.model;

import io.pixelwise.infer.Segmenter;
import io.pixelwise.progress.Progress;
import net.imglib2.img.array.ArrayImgs;
import org.tensorflow.TensorFlow;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a user pastes into a forum post when asking why segmentation is slow or the GPU unused: Pixelwise and
 * TensorFlow versions, which native build is loaded and from which jar, the CPU and the instruction sets that
 * matter, oneDNN, the NVIDIA driver and the CUDA / cuDNN libraries on the library path against what this
 * TensorFlow's CUDA build needs (with the fix in one sentence), other TensorFlow jars on the class path, and a
 * few seconds' throughput probe of a shipped model.
 */
public final class Diagnostics {

    /** TensorFlow Java 1.1.0 is TensorFlow 2.18, whose CUDA build is made for CUDA 12 and cuDNN 9. */
    public static final String CUDA_NEEDED = "12";
    public static final String CUDNN_NEEDED = "9";
    /** Where the native library of TensorFlow Java lies inside its jar (CPU and CUDA builds alike). */
    static final String NATIVE = "org/tensorflow/internal/c_api/linux-x86_64/libjnitensorflow.so";
    static final List<String> FEATURES = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile",
            "amx_bf16");

    /** A CUDA library found on disk, with the version its file name carries. */
    public record Library(String name, Path file, String version) {
        String major() {
            int dot = version.indexOf('.');
            return dot < 0 ? version : version.substring(0, dot);
        }
    }

    /**
     * @param driver  the NVIDIA kernel driver's version, or null when there is none
     * @param usable  whether a CUDA build of TensorFlow could use a GPU here
     * @param why     in one sentence, why a GPU is or is not used
     * @param fix     what to do, in one sentence ("" when nothing)
     */
    public record Gpu(boolean cudaBuild, String driver, List<Library> libraries, boolean usable, String why,
                      String fix) {
    }

    private Diagnostics() {
    }

    /** Folders searched for CUDA libraries: LD_LIBRARY_PATH, then the usual install places. */
    public static List<Path> libraryFolders() {
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : List.of("/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    /** Whether the TensorFlow natives on the class path are the CUDA build (their jar's classifier says -gpu). */
    public static String nativeJar() {
        URL u = Diagnostics.class.getClassLoader().getResource(NATIVE);
        if (u == null) {
            return null;
        }
        String s = u.toString();
        int bang = s.indexOf("!/");
        return s.startsWith("jar:") && bang > 0 ? s.substring(4, bang) : s;
    }

    /**
     * Why a GPU is or is not used: from the build, the driver version file ({@code /proc/driver/nvidia/version})
     * and the CUDA runtime and cuDNN libraries in {@code folders}.
     */
    public static Gpu gpu(boolean cudaBuild, Path driverFile, List<Path> folders) {
        String driver = driver(driverFile);
        List<Library> libs = libraries(folders);
        Library cudart = newest(libs, "libcudart.so");
        Library cudnn = newest(libs, "libcudnn.so");
        if (!cudaBuild) {
            return new Gpu(false, driver, libs, false, "this is TensorFlow's CPU build, which never uses a GPU",
                    driver == null ? "" : "an NVIDIA driver is installed: build with -Pgpu (CUDA " + CUDA_NEEDED
                            + ", cuDNN " + CUDNN_NEEDED + ") to use the GPU");
        }
        if (driver == null) {
            return new Gpu(true, null, libs, false, "no NVIDIA driver is loaded (" + driverFile + " is missing)",
                    "install the NVIDIA driver for this GPU, or use the CPU build (no -Pgpu)");
        }
        if (cudart == null || !cudart.major().equals(CUDA_NEEDED)) {
            return new Gpu(true, driver, libs, false, "the CUDA " + CUDA_NEEDED + " runtime (libcudart.so."
                    + CUDA_NEEDED + ") is not on the library path" + (cudart == null ? ""
                    : "; found CUDA " + cudart.version() + " in " + cudart.file().getParent()),
                    "install CUDA " + CUDA_NEEDED + " and put its lib64 folder on LD_LIBRARY_PATH");
        }
        if (cudnn == null || !cudnn.major().equals(CUDNN_NEEDED)) {
            return new Gpu(true, driver, libs, false, "cuDNN " + CUDNN_NEEDED + " (libcudnn.so." + CUDNN_NEEDED
                    + ") is not on the library path" + (cudnn == null ? "" : "; found cuDNN " + cudnn.version()
                    + " in " + cudnn.file().getParent()),
                    "install cuDNN " + CUDNN_NEEDED + " for CUDA " + CUDA_NEEDED + " and put it on LD_LIBRARY_PATH");
        }
        return new Gpu(true, driver, libs, true, "driver " + driver + ", CUDA " + cudart.version() + " and cuDNN "
                + cudnn.version() + " are there: TensorFlow can use the GPU", "");
    }

    private static String driver(Path file) {
        try {
            String text = Files.readString(file);
            Matcher m = Pattern.compile("Kernel Module\\s+([0-9.]+)").matcher(text);
            return m.find() ? m.group(1) : text.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** CUDA runtime, cuDNN and cuBLAS libraries in the folders, versions from their file names. */
    static List<Library> libraries(List<Path> folders) {
        Pattern name = Pattern.compile("(libcudart\\.so|libcudnn\\.so|libcublas\\.so)\\.([0-9][0-9.]*)");
        List<Library> found = new ArrayList<>();
        for (Path dir : folders) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    Matcher m = name.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        found.add(new Library(m.group(1), f, m.group(2)));
                    }
                }
            } catch (IOException e) {
                // an unreadable folder offers nothing
            }
        }
        return found;
    }

    /** The library of that name with the highest version, or null. */
    private static Library newest(List<Library> libs, String name) {
        return libs.stream().filter(l -> l.name().equals(name)).max((x, y) -> compareVersions(x.version(),
                y.version())).orElse(null);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /**
     * With TensorFlow's CUDA build on a machine where no GPU can be used: one sentence saying that segmentation
     * runs on the CPU, why, and the fix; null with the CPU build or a usable GPU.
     */
    public static String cpuFallbackNote(boolean cudaBuild, Gpu gpu) {
        return !cudaBuild || gpu.usable() ? null : "Pixelwise: TensorFlow's CUDA build is installed but runs on the "
                + "CPU here: " + gpu.why() + (gpu.fix().isEmpty() ? "" : "; fix: " + gpu.fix());
    }

    /** {@link #cpuFallbackNote} for this machine and class path, worked out once. */
    public static synchronized String cpuFallbackNote() {
        if (fallbackNote == null) {
            String jar = nativeJar();
            boolean cuda = jar != null && jar.contains("-gpu");
            String note = cpuFallbackNote(cuda, gpu(cuda, Path.of("/proc/driver/nvidia/version"), libraryFolders()));
            fallbackNote = note == null ? "" : note;
        }
        return fallbackNote.isEmpty() ? null : fallbackNote;
    }

    private static String fallbackNote;

    /** The CPU's model name and the instruction sets of {@link #FEATURES} it has, from /proc/cpuinfo. */
    static String[] cpu(Path cpuinfo) {
        try {
            String text = Files.readString(cpuinfo);
            String model = text.lines().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':')
                    + 1).trim()).findFirst().orElse("unknown");
            List<String> flags = List.of(text.lines().filter(l -> l.startsWith("flags")).findFirst().orElse(":")
                    .split(":", 2)[1].trim().split("\\s+"));
            return new String[] {model, String.join(" ", FEATURES.stream().filter(flags::contains).toList())};
        } catch (IOException e) {
            return new String[] {"unknown (no " + cpuinfo + ")", ""};
        }
    }

    /**
     * The report, as ordered key / value pairs; {@code probeSeconds > 0} also runs {@code model} on a 1024 x 1024
     * image for that long and reports megapixels per second and the device.
     */
    public static Map<String, String> report(Path model, double probeSeconds) {
        Map<String, String> r = new LinkedHashMap<>();
        String version = Diagnostics.class.getPackage().getImplementationVersion();
        r.put("Pixelwise", version == null ? "development build (classes folder)" : version);
        r.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        r.put("TensorFlow", TensorFlow.version() + " (TensorFlow Java 1.1.0)");
        String jar = nativeJar();
        boolean cuda = jar != null && jar.contains("-gpu");
        r.put("Native build", jar == null ? "not found" : (cuda ? "CUDA" : "CPU") + ", from " + jar);
        List<String> others = TensorFlowJars.locations(Diagnostics.class.getClassLoader());
        r.put("TensorFlow jars on the class path", String.join(", ", others) + (others.size() > 1
                ? "  <- more than one: remove the other TensorFlow (Fiji: jars/libtensorflow-1.15.0.jar)" : ""));
        String[] cpu = cpu(Path.of("/proc/cpuinfo"));
        r.put("CPU", cpu[0] + ", " + Runtime.getRuntime().availableProcessors() + " cores for Java");
        r.put("CPU features", cpu[1].isEmpty() ? "none of " + FEATURES : cpu[1]);
        r.put("oneDNN", "0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")) ? "off (TF_ENABLE_ONEDNN_OPTS=0)"
                : "on (TensorFlow's default on x86 Linux)");
        Gpu gpu = gpu(cuda, Path.of("/proc/driver/nvidia/version"), libraryFolders());
        r.put("NVIDIA driver", gpu.driver() == null ? "none" : gpu.driver());
        r.put("CUDA libraries", gpu.libraries().isEmpty() ? "none on the library path"
                : String.join(", ", gpu.libraries().stream().map(l -> l.name() + "." + l.version()).toList()));
        r.put("GPU", gpu.why() + (gpu.fix().isEmpty() ? "" : "; fix: " + gpu.fix()));
        r.put("Memory", memory(model));
        if (probeSeconds > 0 && model != null) {
            r.put("Probe", probe(model, probeSeconds));
        }
        return r;
    }

    /** Java's heap limit, what the system has available, and the tile Segment Image's default picks from it. */
    static String memory(Path model) {
        String s = "Java heap up to " + io.pixelwise.io.MemoryBudget.size(Runtime.getRuntime().maxMemory())
                + ", system available " + io.pixelwise.io.MemoryBudget.size(io.pixelwise.io.MemoryBudget
                .systemAvailable());
        if (model == null) {
            return s;
        }
        try {
            ModelDescriptor d = Models.descriptor(model);
            return s + "; Segment Image's default tile (tile=0) for a 2048 x 2048 plane of " + d.name + ": "
                    + io.pixelwise.infer.TileSizes.side(d, 2048, 2048) + " px";
        } catch (ModelException e) {
            return s;
        }
    }

    /** Segments a 1024 x 1024 noise image with {@code model} for about {@code seconds}: Mpx/s and the device. */
    static String probe(Path folder, double seconds) {
        try (SegmentationModel m = SegmentationModel.load(folder)) {
            int side = 1024;
            int c = m.descriptor().imageChannels();
            float[] px = new float[side * side * c];
            Random random = new Random(1);
            for (int i = 0; i < px.length; i++) {
                px[i] = random.nextFloat();
            }
            var image = ArrayImgs.floats(px, side, side, c, 1, 1);
            var options = new Segmenter.Options(1024, false);
            Segmenter.segment(m, image, options, Progress.NONE);   // warm-up: graph optimisation, allocations
            long t0 = System.nanoTime();
            int runs = 0;
            while ((System.nanoTime() - t0) / 1e9 < seconds || runs == 0) {
                Segmenter.segment(m, image, options, Progress.NONE);
                runs++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return String.format(Locale.ROOT, "%s on %s: %.2f Mpx/s (%d runs of 1024 x 1024 in %.1f s)",
                    m.descriptor().name, m.device(), runs * side * side / 1e6 / s, runs, s);
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** The report as text to paste into a forum post. */
    public static String text(Map<String, String> report) {
        StringBuilder sb = new StringBuilder("Pixelwise diagnostics\n");
        report.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
