package io.pixelwise.zoo;

import io.pixelwise.TestModels;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.model.Sessions;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.train.Trainer;
import io.pixelwise.train.UNet;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A package as other tools write them, made by hand: our own tiny U-Net's weights in a graph that takes and gives
 * [batch, channel, y, x] tensors, scale_range before it and binarize after it, described by a hand-written 0.5
 * rdf.yaml with no Pixelwise section. It must run, pass Test Model, and segment as the original network does; and
 * each way a package can be broken must say what is wrong and unpack nothing outside a temporary folder.
 */
class ZooPackagesTest {

    static final int SIDE = 48;
    static final UNet.Config NET = new UNet.Config(1, 3, 3, 4, UNet.Norm.NONE, 0, 1);

    @TempDir
    static Path shared;
    static Path original;
    static Map<String, float[]> weights;
    static float[] raw;
    static float[] expected;

    @BeforeAll
    static void build() throws IOException {
        try (Trainer t = new Trainer(NET, new Trainer.Loss(new float[] {1, 1, 1}, 0), 7, 1)) {
            weights = t.weights();
        }
        original = shared.resolve("original");
        ModelExporter.export(NET, weights, TestModels.descriptor(NET), "# test\n", original);
        Random r = new Random(3);
        raw = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                raw[y * SIDE + x] = (float) (500 + 300 * Math.sin(x / 5.0) * Math.cos(y / 7.0) + 40 * r.nextGaussian());
            }
        }
        expected = byHand(raw);
    }

    /**
     * The expected output, worked out without the zoo code: percentiles 1 and 99.8 by numpy's rule, (v - lo) /
     * (hi - lo + 1e-6), the original byxc network, its nucleus probability, then "above 0.5".
     */
    static float[] byHand(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = percentile(sorted, 1);
        double hi = percentile(sorted, 99.8);
        float[] in = new float[values.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) ((values[i] - lo) / (hi - lo + 1e-6));
        }
        try (SegmentationModel m = SegmentationModel.load(original)) {
            float[] p = m.predict(in, 1, SIDE, SIDE);
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = p[3 * i + 1] > 0.5f ? 1 : 0;
            }
            return out;
        }
    }

    private static double percentile(float[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
    }

    /** The same weights in a graph fed [b, 1, y, x] that returns the nucleus probability as [b, 1, y, x]. */
    static void exportTransposed(Path dir) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> input = tf.withName("raw").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 1, -1, -1)));
            List<TFloat32> tensors = new ArrayList<>();
            try (Session s = new Session(g, Sessions.config(0, 0))) {
                Session.Runner assign = s.runner();
                UNet.Weights trained = w -> {
                    Variable<TFloat32> var = tf.withName(w.name()).variable(w.shape(), TFloat32.class);
                    Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
                    TFloat32 t = TFloat32.tensorOf(w.shape(), DataBuffers.of(weights.get(w.name()), true, false));
                    tensors.add(t);
                    assign.feed(p, t).addTarget(tf.assign(var, p));
                    return var;
                };
                Operand<TFloat32> byxc = tf.linalg.transpose(input, tf.constant(new int[] {0, 2, 3, 1}));
                Operand<TFloat32> probs = tf.nn.softmax(UNet.build(tf, byxc, NET, UNet.Mode.INFERENCE, trained)
                        .logits());
                Operand<TFloat32> nucleus = tf.gather(probs, tf.constant(new int[] {1}), tf.constant(3));
                Operand<TFloat32> out = tf.withName("fg").linalg.transpose(nucleus,
                        tf.constant(new int[] {0, 3, 1, 2}));
                assign.run().close();
                Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input("raw", input).output("fg", out)
                        .build();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
            } finally {
                tensors.forEach(TFloat32::close);
            }
        }
    }

    static final String RDF = """
            format_version: 0.5.4
            type: model
            name: hand-made bcyx test model
            description: our tiny U-Net behind transposes, as a package from another tool
            authors: [{name: Pixelwise tests}]
            cite: [{text: test, url: "https://bioimage.io"}]
            license: MIT
            documentation: README.md
            inputs:
              - id: raw
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [intensity]
                  - {type: space, id: y, size: {min: 16, step: 8}}
                  - {type: space, id: x, size: {min: 16, step: 8}}
                test_tensor: {source: test_input.npy, sha256: SHA_IN}
                preprocessing:
                  - id: scale_range
                    kwargs: {axes: [y, x], min_percentile: 1, max_percentile: 99.8}
            outputs:
              - id: fg
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [foreground]
                  - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 8}
                  - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 8}
                test_tensor: {source: test_output.npy, sha256: SHA_OUT}
                postprocessing:
                  - id: binarize
                    kwargs: {threshold: 0.5}
            weights:
              tensorflow_saved_model_bundle:
                source: tf_weights.zip
                sha256: SHA_WEIGHTS
                tensorflow_version: "2.18"
            """;

    /** The package's files by name; {@code edit} may change the rdf text before it is zipped. */
    static Map<String, byte[]> files(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path savedModel = dir.resolve("saved");
        if (!Files.exists(savedModel)) {
            exportTransposed(savedModel);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tf_weights.zip", ZooPackageWriter.zipOf(savedModel, List.of("saved_model.pb", "variables")));
        files.put("test_input.npy", Npy.bytes(new Npy.Array(new long[] {1, 1, SIDE, SIDE}, raw)));
        files.put("test_output.npy", Npy.bytes(new Npy.Array(new long[] {1, 1, SIDE, SIDE}, expected)));
        files.put("README.md", "# test\n## Validation\nnone\n".getBytes(StandardCharsets.UTF_8));
        files.put("rdf.yaml", edit.apply(withHashes(RDF, files)).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** An rdf template with the sha256 of the package's test tensors and weights in place of SHA_IN, ... */
    static String withHashes(String rdf, Map<String, byte[]> files) {
        return rdf.replace("SHA_IN", ZooPackageWriter.sha256(files.get("test_input.npy")))
                .replace("SHA_OUT", ZooPackageWriter.sha256(files.get("test_output.npy")))
                .replace("SHA_WEIGHTS", ZooPackageWriter.sha256(files.get("tf_weights.zip")));
    }

    static Path zip(Path file, Map<String, byte[]> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aHandMadeBcyxPackageRunsAndPassesTestModel(@TempDir Path dir) throws IOException {
        Path pkg = zip(dir.resolve("bcyx.zip"), files(shared, s -> s));
        try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
            assertEquals("bcyx", m.descriptor().input.axes);
            assertEquals("foreground", m.descriptor().output.kind);
            assertEquals(List.of("background", "foreground"), m.descriptor().classes);
            ModelTests.Result r = ModelTests.test(p, m);
            assertTrue(r.passed(), r.message());
            assertEquals(0, r.maxDifference(), "binarized: exactly the hand-made output");

            var image = Views.addDimension(Views.addDimension(ArrayImgs.floats(raw.clone(), SIDE, SIDE, 1), 0, 0),
                    0, 0);
            var seg = Segmenter.segment(m, image, new Segmenter.Options(0, false), Progress.NONE);
            short[] classes = seg.classes().getPlane(0).getCurrentStorageArray();
            float[] asFloat = new float[classes.length];
            for (int i = 0; i < classes.length; i++) {
                asFloat[i] = classes[i];
            }
            assertArrayEquals(expected, asFloat, "Segment Image's classes are the binarized foreground");
        }
    }

    @Test
    void theSameModelIn04FormatReadsTheSame(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = files(shared, s -> s);
        String v04 = """
                format_version: 0.4.10
                type: model
                name: hand-made bcyx test model
                description: the same in 0.4
                authors: [{name: Pixelwise tests}]
                cite: [{text: test, url: "https://bioimage.io"}]
                license: MIT
                documentation: README.md
                inputs:
                  - name: raw
                    axes: bcyx
                    data_type: float32
                    shape: {min: [1, 1, 16, 16], step: [0, 0, 8, 8]}
                    preprocessing:
                      - name: scale_range
                        kwargs: {mode: per_sample, axes: yx, min_percentile: 1, max_percentile: 99.8}
                outputs:
                  - name: fg
                    axes: bcyx
                    data_type: float32
                    shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}
                    halo: [0, 0, 8, 8]
                    postprocessing:
                      - name: binarize
                        kwargs: {threshold: 0.5}
                test_inputs: [test_input.npy]
                test_outputs: [test_output.npy]
                weights:
                  tensorflow_saved_model_bundle:
                    source: tf_weights.zip
                    tensorflow_version: "2.18"
                """;
        files.put("rdf.yaml", v04.getBytes(StandardCharsets.UTF_8));
        Path pkg = zip(dir.resolve("v04.zip"), files);
        try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
            assertEquals("bcyx", p.rdf().inputs().get(0).axesLetters());
            assertEquals("foreground", m.descriptor().output.kind, "one channel ending in binarize");
            ModelTests.Result r = ModelTests.test(p, m);
            assertTrue(r.passed(), r.message());
        }
    }

    private static ModelException broken(Path dir, String name, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        Path pkg = zip(dir.resolve(name + ".zip"), files(shared, edit));
        return assertThrows(ModelException.class, () -> {
            try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
                ModelTests.test(p, m);
            }
        });
    }

    @Test
    void brokenPackagesSayWhatIsWrong(@TempDir Path dir) throws IOException {
        String noTf = broken(dir, "pytorch", s -> s.replace("tensorflow_saved_model_bundle:", "pytorch_state_dict:"))
                .getMessage();
        assertTrue(noTf.contains("weights in pytorch_state_dict") && noTf.contains("TensorFlow SavedModels"), noTf);

        String sha = broken(dir, "sha", s -> s.replaceAll("sha256: [0-9a-f]{64}\n    tensorflow_version",
                "sha256: " + "f".repeat(64) + "\n    tensorflow_version")).getMessage();
        assertTrue(sha.contains("weights.tensorflow_saved_model_bundle.sha256") && sha.contains("damaged"), sha);

        String axis = broken(dir, "axis", s -> s.replace("- type: batch\n      - type: channel\n        channel_names: "
                + "[intensity]", "- type: batch\n      - type: q")).getMessage();
        assertTrue(axis.contains("inputs[0].axes[1].type: unknown axis type 'q'"), axis);

        String yaml = broken(dir, "yaml", s -> s.replace("license: MIT", "license: [MIT")).getMessage();
        assertTrue(yaml.contains("not valid YAML"), yaml);

        String missing = broken(dir, "missing", s -> s.replace("source: tf_weights.zip", "source: gone.zip"))
                .getMessage();
        assertTrue(missing.contains("'gone.zip' is not in the package"), missing);

        String shape = broken(dir, "shape", s -> s.replace("{min: 16, step: 8}", "{min: 16, step: 20}"))
                .getMessage();
        assertTrue(shape.contains("inputs[0].test_tensor") && shape.contains("y = 48") && shape.contains("16 + n * 20"),
                shape);
    }

    @Test
    void aZipSlipEntryUnpacksNothing(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = files(shared, s -> s);
        String escape = "../pixelwise-zip-slip-" + System.nanoTime() + ".txt";
        Map<String, byte[]> evil = new LinkedHashMap<>();
        evil.put("rdf.yaml", files.get("rdf.yaml"));
        evil.put(escape, "owned".getBytes(StandardCharsets.UTF_8));
        evil.putAll(files);
        Path pkg = zip(dir.resolve("slip.zip"), evil);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var s = Files.list(tmp)) {
            before = s.filter(p -> p.getFileName().toString().startsWith("pixelwise-zoo")).count();
        }
        var e = assertThrows(ModelException.class, () -> ZooPackages.open(pkg));
        assertTrue(e.getMessage().contains("outside its folder") && e.getMessage().contains(escape), e.getMessage());
        assertFalse(Files.exists(tmp.resolve(escape.substring(3))), "nothing written beside the temporary folder");
        try (var s = Files.list(tmp)) {
            assertEquals(before, s.filter(p -> p.getFileName().toString().startsWith("pixelwise-zoo")).count(),
                    "and the temporary folder is gone");
        }
    }
}
