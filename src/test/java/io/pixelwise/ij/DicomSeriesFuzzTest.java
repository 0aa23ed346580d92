package io.pixelwise.ij;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of DICOM series assembly (a folder of slices opened as one stack): 1 to 4 slices, each a
 * well-formed slice with fuzzed size, position and spacing, or a well-formed slice with fuzzed bytes written over
 * part of it, or bytes alone. Whatever the folder holds, opening it returns a stack or fails with a clear
 * IOException / IllegalArgumentException naming the file; anything else is a finding. {@code mvn verify} replays
 * the seeds; {@code JAZZER_FUZZ=1 mvn test -Dtest=DicomSeriesFuzzTest} fuzzes for real.
 */
class DicomSeriesFuzzTest {

    @FuzzTest
    void series(FuzzedDataProvider in) throws IOException {
        Path folder = Files.createTempDirectory("fuzz-dicom");
        try {
            int slices = in.consumeInt(1, 4);
            for (int s = 0; s < slices; s++) {
                Path file = folder.resolve("IM" + s + ".dcm");
                int kind = in.consumeInt(0, 2);
                if (kind == 2) {
                    Files.write(file, in.consumeBytes(in.consumeInt(0, 2048)));
                    continue;
                }
                int w = in.consumeInt(1, 24);
                int h = in.consumeInt(1, 24);
                double[] spacing = in.consumeBoolean() ? null
                        : new double[] {in.consumeRegularDouble(-5, 5), in.consumeRegularDouble(-5, 5)};
                short[] pixels = new short[w * h];
                for (int i = 0; i < pixels.length && in.remainingBytes() > 0; i++) {
                    pixels[i] = in.consumeShort();
                }
                DicomFixture.slice(file, in.consumeInt(-2, 6), in.consumeRegularDouble(-100, 100), spacing, w, h,
                        pixels);
                if (kind == 1) {
                    byte[] bytes = Files.readAllBytes(file);
                    int at = in.consumeInt(0, bytes.length - 1);
                    byte[] over = in.consumeBytes(Math.min(64, bytes.length - at));
                    System.arraycopy(over, 0, bytes, at, over.length);
                    if (in.consumeBoolean()) {
                        bytes = java.util.Arrays.copyOf(bytes, in.consumeInt(0, bytes.length));
                    }
                    Files.write(file, bytes);
                }
            }
            try {
                ImageFiles.open(folder);
            } catch (IOException | IllegalArgumentException clearError) {
                // a message naming the series or the file and what is wrong
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
