package io.pixelwise.zoo;

import io.pixelwise.infer.Segmenter;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.model.Sessions;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A volumetric (bczyx) package from another tool: a 3D convolution that averages each voxel with its neighbours
 * above and below (zeros beyond the stack, as TensorFlow pads), a foreground probability binarized at 0.5, and a
 * depth rule of 4 + n * 4 slices. Pixelwise runs it on whole stacks, tiling only in x and y.
 */
class VolumetricPackageTest {

    static final int W = 40;
    static final int H = 24;
    static final int D = 8;

    static final String RDF = """
            format_version: 0.5.4
            type: model
            name: hand-made bczyx test model
            description: a 3D convolution along z, as a package from another tool
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
                  - {type: space, id: z, size: {min: 4, step: 4}}
                  - {type: space, id: y, size: {min: 8, step: 8}}
                  - {type: space, id: x, size: {min: 8, step: 8}}
                test_tensor: {source: test_input.npy, sha256: SHA_IN}
            outputs:
              - id: mask
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [foreground]
                  - {type: space, id: z, size: {tensor_id: raw, axis_id: z}}
                  - {type: space, id: y, size: {tensor_id: raw, axis_id: y}}
                  - {type: space, id: x, size: {tensor_id: raw, axis_id: x}}
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

    @TempDir
    Path dir;

    /** Values in [0, 1), z slowest then y then x, as the stack [x, y, z] and the tensor [1, 1, z, y, x] hold them. */
    static float[] raw(long seed) {
        Random r = new Random(seed);
        float[] v = new float[D * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    /** 1 where the mean of the voxel and its z neighbours (0 beyond the first and last of {@code depth}) is > 0.5. */
    static float[] expected(float[] v, int depth) {
        int plane = H * W;
        float[] out = new float[depth * plane];
        for (int z = 0; z < depth; z++) {
            for (int i = 0; i < plane; i++) {
                float below = z > 0 ? v[(z - 1) * plane + i] : 0;
                float above = z < depth - 1 ? v[(z + 1) * plane + i] : 0;
                out[z * plane + i] = (below + v[z * plane + i] + above) / 3 > 0.5f ? 1 : 0;
            }
        }
        return out;
    }

    static void export(Path saved) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> input = tf.withName("raw").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 1, -1, -1, -1)));
            Operand<TFloat32> bzyxc = tf.linalg.transpose(input, tf.constant(new int[] {0, 2, 3, 4, 1}));
            Operand<TFloat32> kernel = tf.fill(tf.constant(new long[] {3, 1, 1, 1, 1}), tf.constant(1f / 3));
            Operand<TFloat32> mean = tf.nn.conv3d(bzyxc, kernel, List.of(1L, 1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> out = tf.withName("mask").linalg.transpose(mean, tf.constant(new int[] {0, 4, 1, 2, 3}));
            try (Session s = new Session(g, Sessions.config(0, 0))) {
                Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input("raw", input).output("mask", out)
                        .build();
                SavedModelBundle.exporter(saved.toString()).withSession(s).withSignature(sig).export();
            }
        }
    }

    Path pkg() throws IOException {
        Path saved = dir.resolve("saved");
        export(saved);
        float[] v = raw(5);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tf_weights.zip", ZooPackageWriter.zipOf(saved, List.of("saved_model.pb", "variables")));
        files.put("test_input.npy", Npy.bytes(new Npy.Array(new long[] {1, 1, D, H, W}, v)));
        files.put("test_output.npy", Npy.bytes(new Npy.Array(new long[] {1, 1, D, H, W}, expected(v, D))));
        files.put("README.md", "# test\n".getBytes(StandardCharsets.UTF_8));
        files.put("rdf.yaml", ZooPackagesTest.withHashes(RDF, files).getBytes(StandardCharsets.UTF_8));
        return ZooPackagesTest.zip(dir.resolve("bczyx.zip"), files);
    }

    @Test
    void aVolumetricPackagePassesTestModelAndSegmentsWholeStacks() throws IOException {
        Path pkg = pkg();
        try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
            assertEquals("bczyx", m.descriptor().input.axes);
            assertTrue(m.descriptor().volumetric() && m.descriptor().objects_3d);
            assertEquals(4, m.descriptor().input.depth_min);
            ModelTests.Result r = ModelTests.test(p, m);
            assertTrue(r.passed(), r.message());
            assertEquals(0, r.maxDifference(), "binarized: exactly the hand-made output");

            float[] v = raw(9);
            float[] want = expected(v, D);
            for (int tile : new int[] {8, 0}) {
                var image = ArrayImgs.floats(v.clone(), W, H, 1, D, 1);
                var seg = Segmenter.segment(m, image, new Segmenter.Options(tile, true), Progress.NONE);
                assertEquals(tile == 8 ? 15 : 1, seg.tiles(), "tiles of the plane, each the whole depth");
                for (int z = 0; z < D; z++) {
                    short[] classes = seg.classes().getPlane(z).getCurrentStorageArray();
                    for (int i = 0; i < classes.length; i++) {
                        assertEquals(want[z * H * W + i], classes[i], "tile " + tile + ", z=" + z + ", pixel " + i);
                    }
                }
            }

            // 7 slices are mirrored to the 8 the depth rule allows: the first six see only real neighbours
            float[] seven = java.util.Arrays.copyOf(v, 7 * H * W);
            var seg = Segmenter.segment(m, ArrayImgs.floats(seven, W, H, 1, 7, 1), new Segmenter.Options(0, false),
                    Progress.NONE);
            assertEquals(7, seg.classes().dimension(2));
            for (int z = 0; z < 6; z++) {
                float[] plane = new float[H * W];
                short[] classes = seg.classes().getPlane(z).getCurrentStorageArray();
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = classes[i];
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(want, z * H * W, (z + 1) * H * W), plane, "z=" + z);
            }

            // objects are volumes, joined across slices
            List<Pipeline.Part> parts = new ArrayList<>();
            Pipeline.run(m, Pipeline.Source.of(ArrayImgs.floats(v.clone(), W, H, 1, D, 1)), "stack",
                    Calibration.PIXELS, Pipeline.Settings.defaults(), parts::add, Progress.NONE);
            assertTrue(parts.get(0).instances().instances().stream().allMatch(o -> o.z() == -1), "3D objects");
        }
    }
}
