package io.pixelwise.zoo;

import io.pixelwise.io.AtomicFiles;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelDescriptors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Pixelwise model as a BioImage Model Zoo package (format 0.5): {@code rdf.yaml}, the SavedModel zipped as
 * {@code tf_weights.zip} with its sha256, test input and output ({@code .npy}), the model card as documentation,
 * a cover and sample images, and Pixelwise's own descriptor under {@code config.pixelwise} so Pixelwise reopens it
 * exactly. The package is one zip, written whole or not at all.
 */
public final class ZooPackageWriter {

    public static final String FORMAT_VERSION = "0.5.4";
    static final String WEIGHTS = "tf_weights.zip";
    static final String TEST_INPUT = "test_input.npy";
    static final String TEST_OUTPUT = "test_output.npy";
    static final String DOCUMENTATION = "README.md";
    /** In a model folder: the card, and the SavedModel unpacked beside the description. */
    static final String FOLDER_DOCUMENTATION = "MODEL.md";
    static final String FOLDER_WEIGHTS = "saved_model.pb";

    /** What goes into the package besides the model folder: test tensors (axes b, y, x, c) and named extra files. */
    public record Contents(Npy.Array testInput, Npy.Array testOutput, String card, Path cover, Path sampleInput,
                           Path sampleOutput, String tensorflowVersion) {
    }

    private ZooPackageWriter() {
    }

    /** Writes the package of the SavedModel in {@code modelFolder}, described by {@code d}, to {@code zip}. */
    public static Path write(Path modelFolder, ModelDescriptor d, Contents c, Path zip) throws IOException {
        byte[] weights = zipOf(modelFolder, List.of("saved_model.pb", "variables", "assets"));
        Map<String, byte[]> files = new TreeMap<>();
        files.put(WEIGHTS, weights);
        files.put(TEST_INPUT, Npy.bytes(c.testInput()));
        files.put(TEST_OUTPUT, Npy.bytes(c.testOutput()));
        files.put(DOCUMENTATION, c.card().getBytes(StandardCharsets.UTF_8));
        for (Path p : new Path[] {c.cover(), c.sampleInput(), c.sampleOutput()}) {
            if (p != null) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        Map<String, Object> rdf = rdf(d, c, files);
        files.put("rdf.yaml", yaml(rdf).getBytes(StandardCharsets.UTF_8));
        return AtomicFiles.write(zip, temp -> {
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream z = new ZipOutputStream(out)) {
                for (var e : files.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue());
                    z.closeEntry();
                }
            }
        });
    }

    /**
     * The description of a model folder ({@code rdf.yaml} beside {@code saved_model.pb}, {@code variables/} and
     * {@code MODEL.md}): what a package's says, less what only a package carries (test tensors, cover, zipped
     * weights). Export turns the folder into a package.
     */
    public static void writeFolderDescription(ModelDescriptor d, String tensorflowVersion, Path folder)
            throws IOException {
        Map<String, Object> rdf = rdf(d, new Contents(null, null, null, null, null, null, tensorflowVersion),
                new TreeMap<>());
        AtomicFiles.writeString(folder.resolve(ModelRdf.FILE_NAMES.get(0)), yaml(rdf));
    }

    /** The description's fields, in the order the spec lists them. */
    static Map<String, Object> rdf(ModelDescriptor d, Contents c, Map<String, byte[]> files) {
        Map<String, Object> rdf = new LinkedHashMap<>();
        rdf.put("format_version", FORMAT_VERSION);
        rdf.put("type", "model");
        rdf.put("name", d.name.length() >= 5 ? d.name : "Pixelwise " + d.name);
        rdf.put("description", d.description == null || d.description.isBlank() ? "A Pixelwise U-Net" : d.description);
        rdf.put("authors", List.of(ordered("name", "Pixelwise developers")));
        List<Map<String, Object>> cite = new ArrayList<>();
        cite.add(ordered("text", "Ronneberger O., Fischer P., Brox T. (2015) U-Net: Convolutional Networks for "
                + "Biomedical Image Segmentation. MICCAI 2015", "doi", "10.1007/978-3-319-24574-4_28"));
        String citation = d.provenance == null ? null : d.provenance.get("citation");
        String doi = citationDoi(d);
        if (citation != null && !citation.isBlank() && doi != null) {
            cite.add(ordered("text", citation, "doi", doi));
        }
        rdf.put("cite", cite);
        rdf.put("license", license(d));
        rdf.put("documentation", files.containsKey(DOCUMENTATION) ? DOCUMENTATION : FOLDER_DOCUMENTATION);
        if (c.cover() != null) {
            rdf.put("covers", List.of(c.cover().getFileName().toString()));
        }
        rdf.put("tags", List.of("pixelwise", "unet", "segmentation", d.volumetric() ? "3d" : "2d", "tensorflow",
                "semantic-segmentation"));
        rdf.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        rdf.put("inputs", List.of(input(d, c, files)));
        rdf.put("outputs", List.of(output(d, c, files)));
        rdf.put("weights", Map.of(ZooPackages.TENSORFLOW, files.containsKey(WEIGHTS)
                ? fileEntry(WEIGHTS, files, ordered("tensorflow_version", c.tensorflowVersion()))
                : ordered("source", FOLDER_WEIGHTS, "tensorflow_version", c.tensorflowVersion())));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bioimageio", ordered("reproducibility_tolerance", List.of(ordered("relative_tolerance",
                ModelRdf.Tolerance.DEFAULT.relative(), "absolute_tolerance", ModelRdf.Tolerance.DEFAULT.absolute()))));
        config.put("pixelwise", ModelDescriptors.toMap(d));
        rdf.put("config", config);
        return rdf;
    }

    /** The data citation's DOI: provenance {@code citation_doi}, else one written in the citation ("doi:..."). */
    static String citationDoi(ModelDescriptor d) {
        if (d.provenance == null) {
            return null;
        }
        String given = d.provenance.get("citation_doi");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        var m = java.util.regex.Pattern.compile("doi:\\s*(10\\.\\S+[^.;,\\s])").matcher(
                d.provenance.getOrDefault("citation", ""));
        return m.find() ? m.group(1) : null;
    }

    /** A map that keeps its keys in the order given, so the YAML reads in a stable, sensible order. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The training data's licence as an SPDX id (the weights carry what their data allows). */
    static String license(ModelDescriptor d) {
        String given = d.provenance == null ? "" : d.provenance.getOrDefault("data_license", "");
        if (given.contains("BY-SA")) {
            return "CC-BY-SA-4.0";
        }
        if (given.contains("BY")) {
            return "CC-BY-4.0";
        }
        return given.contains("CC0") ? "CC0-1.0" : "MIT";
    }

    private static Map<String, Object> input(ModelDescriptor d, Contents c, Map<String, byte[]> files) {
        long step = d.size_divisor;
        long min = minimumSide(d);
        List<Object> axes = new ArrayList<>();
        axes.add(ordered("type", "batch"));
        if (d.volumetric()) {
            axes.add(ordered("type", "space", "id", "z", "size", ordered("min", d.input.depth_min, "step",
                    d.input.depth_step)));
        }
        axes.add(ordered("type", "space", "id", "y", "size", ordered("min", min, "step", step)));
        axes.add(ordered("type", "space", "id", "x", "size", ordered("min", min, "step", step)));
        axes.add(ordered("type", "channel", "channel_names", inputChannelNames(d)));
        Map<String, Object> t = tensor(d.input.name, "raw intensities, as Pixelwise's Segment Image reads them", axes,
                TEST_INPUT, c.sampleInput(), files);
        t.put("data", ordered("type", "float32"));
        t.put("preprocessing", preprocessing(d));
        return t;
    }

    private static List<String> inputChannelNames(ModelDescriptor d) {
        List<String> names = new ArrayList<>();
        int planes = 2 * d.context_slices + 1;
        int perPlane = d.input.channels / planes;
        for (int z = -d.context_slices; z <= d.context_slices; z++) {
            for (int ch = 0; ch < perPlane; ch++) {
                names.add(planes == 1 ? "channel" + ch : "slice" + (z < 0 ? "_minus" + -z : "_plus" + z)
                        + (perPlane > 1 ? "_channel" + ch : ""));
            }
        }
        return names;
    }

    /**
     * The smallest input side a package declares: room for the halo on both sides and one step of core, at least 64,
     * a multiple of the size divisor (the zoo requires {@code min - 2 * halo >= 1}).
     */
    public static long minimumSide(ModelDescriptor d) {
        long step = d.size_divisor;
        return (Math.max(64, 2L * d.halo + step) + step - 1) / step * step;
    }

    /**
     * Pixelwise's normalisation in the zoo's words: per sample and channel, a sample being a plane or, for a
     * volumetric model, the whole stack (a 2D model's stack statistics cannot be said).
     */
    public static List<Map<String, Object>> preprocessing(ModelDescriptor d) {
        ModelDescriptor.Normalization n = d.normalization;
        if ("mean_std".equals(n.type)) {
            return List.of(ordered("id", "fixed_zero_mean_unit_variance", "kwargs", ordered("mean", n.mean, "std",
                    n.std)));
        }
        if ("bioimageio".equals(n.type)) {
            return new ArrayList<>(n.steps);
        }
        List<String> axes = d.volumetric() ? List.of("z", "y", "x") : List.of("y", "x");
        return List.of(ordered("id", "scale_range", "kwargs", ordered("axes", axes, "min_percentile",
                n.low, "max_percentile", n.high)));
    }

    private static Map<String, Object> output(ModelDescriptor d, Contents c, Map<String, byte[]> files) {
        List<Object> axes = new ArrayList<>();
        axes.add(ordered("type", "batch"));
        if (d.volumetric()) {
            axes.add(ordered("type", "space", "id", "z", "size", ordered("tensor_id", d.input.name, "axis_id", "z")));
        }
        for (String id : List.of("y", "x")) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", "space");
            a.put("id", id);
            a.put("size", ordered("tensor_id", d.input.name, "axis_id", id));
            a.put("halo", d.halo);
            axes.add(a);
        }
        axes.add(ordered("type", "channel", "channel_names", d.scoreNames()));
        String what = d.distance_levels > 0 ? "probability of background and of each level of distance (in pixels) "
                + "to the edge of a " + d.classes.get(1) + "; where a pixel is more likely object than background, "
                + "its level is the mean level, and objects flood down from the cores (level " + d.seed_level
                + " and up)"
                : "probability of each class; the class image is the arg-max";
        Map<String, Object> t = tensor(d.output.name, what, axes, TEST_OUTPUT, c.sampleOutput(), files);
        t.put("data", ordered("type", "float32", "range", List.of(0.0, 1.0)));
        return t;
    }

    /** A tensor's description: id, text, axes, and its test and sample files where the package has them. */
    private static Map<String, Object> tensor(String id, String description, List<Object> axes, String test,
                                              Path sample, Map<String, byte[]> files) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("description", description);
        t.put("axes", axes);
        if (files.containsKey(test)) {
            t.put("test_tensor", fileEntry(test, files, Map.of()));
        }
        if (sample != null) {
            t.put("sample_tensor", fileEntry(sample.getFileName().toString(), files, Map.of()));
        }
        return t;
    }

    private static Map<String, Object> fileEntry(String name, Map<String, byte[]> files, Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", name);
        m.put("sha256", sha256(files.get(name)));
        m.putAll(more);
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(Map<String, Object> rdf) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(120);
        o.setSplitLines(false);
        return new Yaml(o).dump(rdf);
    }

    /** The named entries of a folder (files and whole subfolders) as one zip, in memory. */
    static byte[] zipOf(Path folder, List<String> names) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String name : names) {
                Path p = folder.resolve(name);
                if (!Files.exists(p)) {
                    continue;
                }
                try (var walk = Files.walk(p)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        z.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, z);
                        z.closeEntry();
                    }
                }
            }
        }
        return bytes.toByteArray();
    }
}
