package io.pixelwise.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.measure.PixelSizes;
import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.ModelException;
import io.pixelwise.zoo.ModelRdf;
import io.pixelwise.zoo.Npy;
import io.pixelwise.zoo.ZooDescriptors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the parsers that read users' files: whatever the bytes, each either returns or fails
 * with its own clear exception (IOException / ModelException naming the file); anything else is a finding. In
 * {@code mvn verify} only the committed seeds (and earlier findings) run; {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=ParsersFuzzTest#nifti} (one method at a time) fuzzes for real, 5 minutes by default.
 */
class ParsersFuzzTest {

    /** What a parser does with a file; an IOException or ModelException is its clear answer to bad bytes. */
    private interface FileParser {
        void parse(Path file) throws IOException;
    }

    private static void parseAsFile(byte[] data, String suffix, FileParser parser) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, data);
            parser.parse(file);
        } catch (IOException | ModelException clearError) {
            // a message naming the file and what is wrong with it
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest
    void nifti(byte[] data) {
        try {
            Nifti.parse(data, "fuzz.nii");
        } catch (IOException clearError) {
            // a message naming the file and the field
        }
    }

    @FuzzTest
    void pixelSizeTable(byte[] data) throws IOException {
        parseAsFile(data, ".csv", csv -> {
            try {
                PixelSizes.read(csv).of("a.png");
            } catch (IllegalArgumentException notListed) {
                // of(): the file is not in the table, said so
            }
        });
    }

    @FuzzTest
    void modelDescriptor(byte[] data) throws IOException {
        parseAsFile(data, ".json", ModelDescriptors::read);
    }

    /** A BioImage Model Zoo description (rdf.yaml, 0.4 or 0.5) and the descriptor Pixelwise reads off it. */
    @FuzzTest
    void modelRdf(byte[] data) {
        try {
            ZooDescriptors.of(ModelRdf.parse(new String(data, StandardCharsets.UTF_8), Path.of("fuzz.rdf.yaml")));
        } catch (ModelException clearError) {
            // names the file and the field
        }
    }

    /** NumPy .npy test tensors of zoo packages. */
    @FuzzTest
    void npy(byte[] data) {
        try {
            Npy.read(data, "fuzz.npy");
        } catch (IOException clearError) {
            // names the file and what is wrong
        }
    }

    /** TIFF files as Segment and Batch open them: ImageJ's decoder behind our truncation and size checks. */
    @FuzzTest
    void tiff(byte[] data) throws IOException {
        parseAsFile(data, ".tif", ImageFiles::open);
    }
}
