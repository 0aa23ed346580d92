package io.pixelwise.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU verdict on fake driver files and library folders, and the report on this CPU-only machine. */
class DiagnosticsTest {

    @TempDir
    Path dir;

    private Path driver() throws Exception {
        return Files.writeString(dir.resolve("version"), "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15"
                + "  Tue Mar  5 22:23:56 UTC 2024\nGCC version:  gcc version 12.2.0\n");
    }

    private Path libs(String... names) throws Exception {
        Path d = Files.createDirectories(dir.resolve("lib" + names.length + names.hashCode()));
        for (String n : names) {
            Files.writeString(d.resolve(n), "");
        }
        return d;
    }

    @Test
    void aCudaBuildWithDriverCuda12AndCudnn9CanUseTheGpu() throws Exception {
        var gpu = Diagnostics.gpu(true, driver(), List.of(libs("libcudart.so.12.5.82", "libcudart.so.11.8.89",
                "libcudnn.so.9.3.0", "libcublas.so.12.5.3.2", "libfoo.so.1")));
        assertTrue(gpu.usable(), gpu.why());
        assertEquals("550.54.15", gpu.driver());
        assertTrue(gpu.why().contains("CUDA 12.5.82") && gpu.why().contains("cuDNN 9.3.0"), gpu.why());
        assertEquals(4, gpu.libraries().size());
    }

    @Test
    void missingOrWrongLibrariesAreNamedWithTheFix() throws Exception {
        var noCudnn = Diagnostics.gpu(true, driver(), List.of(libs("libcudart.so.12.5.82")));
        assertFalse(noCudnn.usable());
        assertTrue(noCudnn.why().contains("cuDNN 9 (libcudnn.so.9) is not on the library path"), noCudnn.why());
        assertTrue(noCudnn.fix().contains("LD_LIBRARY_PATH"), noCudnn.fix());
        var oldCuda = Diagnostics.gpu(true, driver(), List.of(libs("libcudart.so.11.8.89", "libcudnn.so.8.9.7")));
        assertTrue(oldCuda.why().contains("found CUDA 11.8.89"), oldCuda.why());
        var noDriver = Diagnostics.gpu(true, dir.resolve("no-such-file"), List.of(libs("libcudart.so.12.5.82")));
        assertTrue(noDriver.why().startsWith("no NVIDIA driver is loaded"), noDriver.why());
        var cpuBuild = Diagnostics.gpu(false, driver(), List.of(libs("libcudart.so.12.5.82", "libcudnn.so.9.3.0")));
        assertFalse(cpuBuild.usable());
        assertTrue(cpuBuild.why().contains("CPU build") && cpuBuild.fix().contains("-Pgpu"), cpuBuild.fix());
        // What Segment Image and Train Model say once when the CUDA build falls back to the CPU.
        assertTrue(Diagnostics.cpuFallbackNote(true, noDriver).startsWith("Pixelwise: TensorFlow's CUDA build is "
                + "installed but runs on the CPU here: no NVIDIA driver is loaded"));
        assertEquals(null, Diagnostics.cpuFallbackNote(false, cpuBuild), "the CPU build says nothing");
        assertEquals(null, Diagnostics.cpuFallbackNote(), "nothing to say on this machine's CPU build");
    }

    @Test
    void theReportOnThisMachineSaysCpuBuildAndMeasuresThroughput() {
        Map<String, String> r = Diagnostics.report(Path.of("models/nuclei-fluo"), 0.5);
        assertTrue(r.get("TensorFlow").startsWith("2.18"), r.toString());
        assertTrue(r.get("Native build").startsWith("CPU, from ") && r.get("Native build").contains(
                "tensorflow-core-native"), r.get("Native build"));
        assertTrue(r.get("GPU").contains("CPU build"), r.get("GPU"));
        assertTrue(r.get("Probe").matches("nuclei-fluo on CPU: [0-9.]+ Mpx/s .*"), r.get("Probe"));
        assertTrue(Diagnostics.text(r).startsWith("Pixelwise diagnostics\nPixelwise: "));
    }
}
