package io.pixelwise.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pixelwise.measure.PixelSizes;
import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the parsers that read users' files: whatever the bytes, each either returns or fails
 * with its own clear exception (IOException / ModelException naming the file); anything else is a finding. In
 * {@code mvn verify} only the committed seeds run; {@code JAZZER_FUZZ=1 mvn test -Dtest=ParsersFuzzTest#nifti}
 * (one method at a time) fuzzes for real.
 */
class ParsersFuzzTest {

    @FuzzTest
    void nifti(byte[] data) {
        try {
            Nifti.parse(data, "fuzz.nii");
        } catch (IOException clearError) {
            // a message naming the file and the field: the expected answer to bad bytes
        }
    }

    @FuzzTest
    void pixelSizeTable(byte[] data) throws IOException {
        Path csv = Files.createTempFile("sizes", ".csv");
        try {
            Files.write(csv, data);
            PixelSizes.read(csv).of("a.png");
        } catch (IOException | IllegalArgumentException clearError) {
            // IllegalArgumentException only from of(): the file is not listed
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    @FuzzTest
    void modelDescriptor(byte[] data) throws IOException {
        Path json = Files.createTempFile("pixelwise", ".json");
        try {
            Files.write(json, data);
            ModelDescriptors.read(json);
        } catch (ModelException clearError) {
            // names the file and the field
        } finally {
            Files.deleteIfExists(json);
        }
    }
}
