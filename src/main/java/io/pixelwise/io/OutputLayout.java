package io.pixelwise.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Segment, Batch and the batch macro put results: one subfolder per kind, each file named after its image
 * ({@code classes/X.tif}, {@code instances/X.tif}, {@code rois/X.zip}, {@code tables/X-counts.csv}, ...), so a
 * scorer pairing by name finds exactly one instance image for {@code X.png} ({@code Evaluate OUT/instances TRUTH},
 * or just {@code OUT}). Label volumes of a NIfTI scan are {@code .nii.gz} on its grid, other label images TIFF.
 */
public record OutputLayout(Path root) {

    public static final String CLASSES = "classes";
    public static final String INSTANCES = "instances";
    public static final String PROBABILITIES = "probabilities";
    public static final String PANOPTIC = "panoptic";
    public static final String ROIS = "rois";
    public static final String TABLES = "tables";
    public static final String PLOTS = "plots";

    /** {@code root/kind/stem + ending}. */
    public Path file(String kind, String stem, String ending) {
        return root.resolve(kind).resolve(stem + ending);
    }

    /** A label image of {@code kind} for {@code input}: {@code kind/stem.nii.gz} for NIfTI input, else TIFF. */
    public Path labels(String kind, String stem, Path input) {
        return file(kind, stem, Nifti.isNifti(input) ? ".nii.gz" : ".tif");
    }

    public Path rois(String stem) {
        return file(ROIS, stem, ".zip");
    }

    public Path counts(String stem) {
        return file(TABLES, stem, "-counts.csv");
    }

    public Path folder(String kind) {
        return root.resolve(kind);
    }

    /** Makes the folder of {@code file} and returns the file. */
    public static Path prepare(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return file;
    }
}
