package io.pixelwise.train;

import io.pixelwise.TestModels;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.model.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @TempDir
    Path dir;

    /** Bright squares on a dark noisy background; class 1 where bright. */
    static LabelledImage squares(long seed) {
        Random r = new Random(seed);
        int w = 64;
        float[] px = new float[w * w];
        byte[] cls = new byte[w * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (0.1 * r.nextGaussian());
        }
        for (int k = 0; k < 5; k++) {
            int x0 = r.nextInt(w - 12);
            int y0 = r.nextInt(w - 12);
            for (int y = y0; y < y0 + 10; y++) {
                for (int x = x0; x < x0 + 10; x++) {
                    px[y * w + x] += 1f;
                    cls[y * w + x] = 1;
                }
            }
        }
        return new LabelledImage("sq" + seed, w, w, 1, 1, new float[][] {px}, new byte[][] {cls}, null);
    }

    private static PatchSampler sampler() {
        return new PatchSampler(List.of(squares(1), squares(2), squares(3)), 32,
                new PatchSampler.Augmentation(true, true, true, false), ModelDescriptor.Normalization.meanStd(0, 1), 0);
    }

    private static float[] randomInput(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void lossFallsWithBatchNormDropoutDiceAndInputScaling() {
        UNet.Config net = new UNet.Config(1, 2, 2, 8, UNet.Norm.BATCH, 0.2f, 2);
        PatchSampler s = sampler();
        float[] x = new float[4 * 32 * 32];
        int[] y = new int[x.length];
        Random r = new Random(9);
        double first = 0;
        double last = 0;
        try (Trainer t = new Trainer(net, new Trainer.Loss(new float[] {1, 2}, 0.5f), 5, 1)) {
            for (int step = 0; step < 80; step++) {
                s.fill(x, y, 4, r);
                float loss = t.step(x, y, 4, 32, 1e-2f);
                if (step < 10) {
                    first += loss / 10;
                } else if (step >= 70) {
                    last += loss / 10;
                }
            }
            assertEquals(80, t.steps());
        }
        assertTrue(last < 0.5 * first, "mean loss of the first 10 steps " + first + ", of the last 10 " + last);
    }

    @ParameterizedTest
    @EnumSource(value = UNet.Norm.class, names = {"BATCH", "INSTANCE"})
    void exportedModelGivesTheSameOutputsAsTheNetworkItWasTrainedAs(UNet.Norm norm) throws Exception {
        UNet.Config net = new UNet.Config(1, 3, 3, 4, norm, 0f, 1);
        ModelDescriptor d = TestModels.descriptor(net);
        float[] input = randomInput(48 * 40, 11);
        float[] before;
        try (Trainer t = new Trainer(net, new Trainer.Loss(new float[] {1, 1, 1}, 0), 3, 1)) {
            float[] x = randomInput(2 * 16 * 16, 1);
            int[] y = new int[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] > 0.5 ? 1 : x[i] < -0.5 ? 2 : 0;
            }
            for (int i = 0; i < 5; i++) {
                t.step(x, y, 2, 16, 1e-2f);         // moves weights and batch-norm moving averages off their start
            }
            before = t.network(d).predict(input, 1, 40, 48);
            ModelExporter.export(net, t.weights(), d, "# test\n", dir.resolve("m"));
        }
        try (SegmentationModel m = SegmentationModel.load(dir.resolve("m"))) {
            float[] after = m.predict(input, 1, 40, 48);
            assertArrayEquals(before, after, 1e-5f);
            assertEquals(3, m.descriptor().network.depth);
            assertEquals(norm, UNet.Config.of(m.descriptor().network, 1, 3).norm());
        }
    }

    /**
     * Instance normalisation divides out each image's own scale: convolutions without bias commute with a positive
     * factor, so an image ten times brighter gives the same output (up to the epsilon added to the variance), which
     * batch normalisation's fixed statistics at inference would not.
     */
    @Test
    void instanceNormalisedNetworkIgnoresTheImagesScale() {
        UNet.Config net = new UNet.Config(1, 3, 3, 4, UNet.Norm.INSTANCE, 0f, 1);
        ModelDescriptor d = TestModels.descriptor(net);
        float[] image = randomInput(32 * 24, 5);
        float[] brighter = image.clone();
        for (int i = 0; i < brighter.length; i++) {
            brighter[i] *= 10;
        }
        try (Trainer t = new Trainer(net, new Trainer.Loss(new float[] {1, 1, 1}, 0), 3, 1)) {
            Network n = t.network(d);
            assertArrayEquals(n.predict(image, 1, 24, 32), n.predict(brighter, 1, 24, 32), 1e-3f);
            UNet.Config batch = new UNet.Config(1, 3, 3, 4, UNet.Norm.BATCH, 0f, 1);
            try (Trainer b = new Trainer(batch, new Trainer.Loss(new float[] {1, 1, 1}, 0), 3, 1)) {
                Network bn = b.network(TestModels.descriptor(batch));
                float[] plain = bn.predict(image, 1, 24, 32);
                float[] bright = bn.predict(brighter, 1, 24, 32);
                double differ = 0;
                for (int i = 0; i < plain.length; i++) {
                    differ = Math.max(differ, Math.abs(plain[i] - bright[i]));
                }
                assertTrue(differ > 0.01, "batch norm at inference keeps the scale: largest difference " + differ);
            }
        }
    }


    @Test
    void averagedWeightsFollowTheirMovingAverageAndAreWhatInferenceAndExportUse() {
        UNet.Config net = new UNet.Config(1, 3, 3, 4, UNet.Norm.BATCH, 0f, 1);
        Trainer.Loss loss = new Trainer.Loss(new float[] {1, 1, 1}, 0.3f);
        ModelDescriptor d = TestModels.descriptor(net);
        float[] input = randomInput(24 * 32, 13);
        double decay = 0.6;
        try (Trainer t = new Trainer(net, loss, decay, 0, 3, 1)) {
            Map<String, float[]> expected = t.trainedWeights();
            assertWeightsEqual(expected, t.weights());              // the average starts at the initial weights
            for (int step = 0; step < 3; step++) {
                float[] x = randomInput(2 * 16 * 16, step);
                int[] y = new int[x.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = x[i] > 0.5 ? 1 : x[i] < -0.5 ? 2 : 0;
                }
                t.step(x, y, 2, 16, 1e-2f);
                Map<String, float[]> trained = t.trainedWeights();
                float k = (float) Trainer.decayAt(decay, step + 1);
                for (Map.Entry<String, float[]> e : expected.entrySet()) {
                    float[] a = e.getValue();
                    float[] w = trained.get(e.getKey());
                    for (int i = 0; i < a.length; i++) {
                        a[i] = k * a[i] + (1 - k) * w[i];
                    }
                }
                assertWeightsEqual(expected, t.weights());
            }
            float[] kernel = t.trainedWeights().get("down0.conv0.kernel");
            float[] averaged = t.weights().get("down0.conv0.kernel");
            assertTrue(!java.util.Arrays.equals(kernel, averaged), "after 3 steps the average lags the weights");

            float[] served = t.network(d).predict(input, 1, 24, 32);
            try (Trainer plain = new Trainer(net, loss, 3, 1); Trainer raw = new Trainer(net, loss, 3, 1)) {
                plain.setWeights(t.weights());
                assertArrayEquals(served, plain.network(d).predict(input, 1, 24, 32), 1e-5f);
                raw.setWeights(t.trainedWeights());
                assertTrue(!java.util.Arrays.equals(served, raw.network(d).predict(input, 1, 24, 32)),
                        "inference reads the averages, not the last step's weights");
            }
            t.setWeights(t.trainedWeights());                       // weights set from outside: the average too
            assertWeightsEqual(t.trainedWeights(), t.weights());
        }
    }

    @Test
    void weightDecayShrinksKernelsAfterTheAdamStepAndLeavesTheRestAlone() {
        UNet.Config net = new UNet.Config(1, 3, 3, 4, UNet.Norm.BATCH, 0f, 1);
        Trainer.Loss loss = new Trainer.Loss(new float[] {1, 1, 1}, 0.3f);
        float lr = 1e-2f;
        double decay = 0.5;
        float[] x = randomInput(2 * 16 * 16, 4);
        int[] y = new int[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i] > 0.5 ? 1 : x[i] < -0.5 ? 2 : 0;
        }
        try (Trainer plain = new Trainer(net, loss, 0, 0, 3, 1);
             Trainer decayed = new Trainer(net, loss, 0, decay, 3, 1)) {
            plain.step(x, y, 2, 16, lr);
            decayed.step(x, y, 2, 16, lr);
            Map<String, float[]> p = plain.trainedWeights();
            Map<String, float[]> d = decayed.trainedWeights();
            float factor = (float) (1 - lr * decay);
            int kernels = 0;
            for (Map.Entry<String, float[]> e : p.entrySet()) {
                float[] a = e.getValue();
                float[] b = d.get(e.getKey());
                boolean kernel = e.getKey().endsWith(".kernel");
                kernels += kernel ? 1 : 0;
                for (int i = 0; i < a.length; i++) {
                    assertEquals(kernel ? a[i] * factor : a[i], b[i], 1e-6f + 1e-5f * Math.abs(a[i]),
                            e.getKey() + "[" + i + "]");
                }
            }
            assertTrue(kernels > 3, "the network has kernels to decay");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, loss, 0, 1, 3, 1));
        assertTrue(e.getMessage().contains("weight decay must be in [0, 1), was 1.0"), e.getMessage());
    }

    @Test
    void theAverageFollowsTheFirstStepsClosely() {
        assertEquals(2.0 / 11, Trainer.decayAt(0.999, 1), 1e-12, "step 1: mostly the new weights");
        assertEquals(101.0 / 110, Trainer.decayAt(0.999, 100), 1e-12);
        assertEquals(0.999, Trainer.decayAt(0.999, 9_000), 1e-12, "later the decay asked for");
        assertEquals(0.6, Trainer.decayAt(0.6, 20), 1e-12);
    }

    private static void assertWeightsEqual(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, v) -> assertArrayEquals(v, actual.get(name), 1e-6f, name));
    }

    @Test
    void checkpointRestoresWeightsAndOptimiserStateExactly() {
        UNet.Config net = new UNet.Config(1, 2, 2, 4, UNet.Norm.BATCH, 0f, 1);
        Trainer.Loss loss = new Trainer.Loss(new float[] {1, 1}, 0.3f);
        PatchSampler s = sampler();
        float[] x = new float[2 * 32 * 32];
        int[] y = new int[x.length];
        Path prefix = dir.resolve("ckpt");
        float[][] batches = new float[4][];
        int[][] targets = new int[4][];
        Random r = new Random(2);
        for (int i = 0; i < 4; i++) {
            s.fill(x, y, 2, r);
            batches[i] = x.clone();
            targets[i] = y.clone();
        }
        float continued;
        Map<String, float[]> weights;
        try (Trainer a = new Trainer(net, loss, 1, 1)) {
            a.step(batches[0], targets[0], 2, 32, 1e-2f);
            a.step(batches[1], targets[1], 2, 32, 1e-2f);
            a.save(prefix);
            a.step(batches[2], targets[2], 2, 32, 1e-2f);
            continued = a.step(batches[3], targets[3], 2, 32, 1e-2f);
            weights = a.weights();
        }
        // Training is deterministic (updates wait for every gradient), so a resumed run repeats exactly.
        try (Trainer b = new Trainer(net, loss, 99, 1)) {          // other seed: every value must come from disk
            b.restore(prefix, 2);
            b.step(batches[2], targets[2], 2, 32, 1e-2f);
            assertEquals(continued, b.step(batches[3], targets[3], 2, 32, 1e-2f));
            for (Map.Entry<String, float[]> e : b.weights().entrySet()) {
                assertArrayEquals(weights.get(e.getKey()), e.getValue(), e.getKey());
            }
        }
        // The counterfactual: the saved weights (moving averages included) without Adam's moments go elsewhere.
        try (Trainer saved = new Trainer(net, loss, 99, 1); Trainer blank = new Trainer(net, loss, 99, 1)) {
            saved.restore(prefix, 2);
            blank.setWeights(saved.weights());
            blank.step(batches[2], targets[2], 2, 32, 1e-2f);
            float lost = blank.step(batches[3], targets[3], 2, 32, 1e-2f);
            assertTrue(lost != continued, "without Adam's moments the run goes elsewhere: " + lost);
        }
    }

    @Test
    void fineTuningStartsFromTheModelsWeights() throws Exception {
        Path model = TestModels.tiny(dir.resolve("base"), 1);
        float[] input = randomInput(32 * 32, 4);
        try (SegmentationModel base = SegmentationModel.load(model)) {
            TrainingConfig c = new TrainingConfig();
            c.name = "tuned";
            c.label_mode = "instances";
            c.network = new ModelDescriptor.Network();                  // deliberately not the base's network
            TrainingRun.FineTuneStart start = TrainingRun.fineTune(base, c, 1);
            TrainingConfig tuned = start.config();
            assertEquals(3, tuned.network.depth, "the run adopts the base model's network");
            assertEquals(4, tuned.network.base_filters);
            assertEquals(0, tuned.distance_levels, "and its boundary class, though distance levels are the default");
            assertEquals(new ModelDescriptor.Network().depth, c.network.depth, "the caller's configuration is kept");
            assertEquals(8, c.distance_levels);
            try (Trainer t = new Trainer(tuned.net(1), new Trainer.Loss(new float[] {1, 1, 1}, 0), 8, 1)) {
                t.setWeights(start.weights());
                Network network = t.network(base.descriptor());
                assertArrayEquals(base.predict(input, 1, 32, 32), network.predict(input, 1, 32, 32), 1e-6f);
            }
            TrainingConfig binary = new TrainingConfig();
            binary.label_mode = "binary";
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> TrainingRun.fineTune(base, binary, 1));
            assertTrue(e.getMessage().contains("has 3 classes"), e.getMessage());
        }
    }

    @Test
    void haloCoversTheReceptiveFieldOnTheSizeDivisorGrid() {
        UNet.Config plain = new UNet.Config(1, 2, 4, 16, UNet.Norm.NONE, 0, 1);
        assertEquals(8, plain.sizeDivisor());
        assertEquals(58, plain.receptiveRadius(), "convolutions 30, poolings 7, upsamplings 7, decoder convolutions 14");
        assertEquals(64, plain.halo());
        UNet.Config scaled = new UNet.Config(1, 2, 5, 16, UNet.Norm.BATCH, 0, 4);
        assertEquals(64, scaled.sizeDivisor());
        assertTrue(scaled.halo() >= scaled.receptiveRadius() && scaled.halo() % 64 == 0);
        assertTrue(scaled.receptiveRadius()
                > 4 * new UNet.Config(1, 2, 5, 16, UNet.Norm.BATCH, 0, 1).receptiveRadius());
    }

    @ParameterizedTest
    @EnumSource(value = UNet.Norm.class, names = {"BATCH", "INSTANCE"})
    void volumetricNetworkLearnsAlongZAndExportsAsItTrained(UNet.Norm norm) throws Exception {
        // Class 1 where the voxel one slice below is bright: a network that does not look along z cannot tell.
        UNet.Config net = new UNet.Config(1, 2, 2, 4, norm, 0f, 1, 3);
        Random r = new Random(21);
        int n = 2;
        int slices = 4;
        int side = 8;
        int plane = side * side;
        double first = 0;
        double last = 0;
        ModelDescriptor.Builder made = TestModels.builder(net);
        made.classes = List.of("background", "above bright");
        made.object_classes = null;
        made.boundary_class = null;
        ModelDescriptor d = made.build();
        assertEquals("bzyxc", d.input.axes);
        float[] stack = randomInput(5 * 16 * 8, 12);
        float[] before;
        try (Trainer t = new Trainer(net, new Trainer.Loss(new float[] {1, 1}, 0), 3, 1)) {
            for (int step = 0; step < 150; step++) {
                float[] x = randomInput(n * slices * plane, r.nextLong());
                int[] y = new int[x.length];
                for (int b = 0; b < n; b++) {
                    for (int z = 1; z < slices; z++) {
                        for (int i = 0; i < plane; i++) {
                            int at = (b * slices + z) * plane + i;
                            y[at] = x[at - plane] > 0.5 ? 1 : 0;
                        }
                    }
                }
                float loss = t.step(x, y, n, slices, side, 1e-2f);
                if (step < 10) {
                    first += loss / 10;
                } else if (step >= 140) {
                    last += loss / 10;
                }
            }
            assertTrue(last < 0.3 * first, "mean loss of the first 10 steps " + first + ", of the last 10 " + last);
            // 5 slices: the network takes multiples of its size divisor 2, so the stack is mirrored up to 6 and cut
            before = t.network(d).predict(stack, 5, 16, 8);
            assertEquals(5 * 16 * 8 * 2, before.length);
            ModelExporter.export(net, t.weights(), d, "# test\n", dir.resolve("m3"));
        }
        try (SegmentationModel m = SegmentationModel.load(dir.resolve("m3"))) {
            assertTrue(m.descriptor().volumetric());
            assertEquals(3, m.descriptor().network.dimensions);
            assertArrayEquals(before, m.predict(stack, 5, 16, 8), 1e-5f);
        }
    }

    @Test
    void volumeUpsamplingRepeatsEachVoxelTwiceAlongEveryAxis() {
        float[] v = randomInput(2 * 3 * 2 * 3, 8);                  // [1, z 2, y 3, x 2, c 3]
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> up = UNet.doubled(tf, tf.constant(Shape.of(1, 2, 3, 2, 3), DataBuffers.of(v)));
            try (var result = s.runner().fetch(up).run()) {
                TFloat32 out = (TFloat32) result.get(0);
                assertEquals(Shape.of(1, 4, 6, 4, 3), out.shape());
                for (int z = 0; z < 4; z++) {
                    for (int y = 0; y < 6; y++) {
                        for (int x = 0; x < 4; x++) {
                            for (int c = 0; c < 3; c++) {
                                assertEquals(v[((z / 2 * 3 + y / 2) * 2 + x / 2) * 3 + c],
                                        out.getFloat(0, z, y, x, c), "voxel " + z + "," + y + "," + x + "," + c);
                            }
                        }
                    }
                }
            }
        }
    }
}
