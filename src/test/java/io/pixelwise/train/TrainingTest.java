package io.pixelwise.train;

import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {

    /** Bright squares on a dark noisy background; class 1 where bright. */
    private static LabelledImage squares(long seed) {
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
        return new LabelledImage("sq" + seed, w, w, px, cls);
    }

    @Test
    void augmentedPatchesKeepImageAndMaskAligned() {
        // Encode each pixel's class in its value, so any misalignment shows up as a mismatch.
        int w = 40;
        float[] px = new float[w * w];
        byte[] cls = new byte[w * w];
        for (int i = 0; i < px.length; i++) {
            cls[i] = (byte) ((i * 7919) % 3);
            px[i] = cls[i] * 10 + (i % 10) / 100f;
        }
        PatchSampler s = new PatchSampler(List.of(new LabelledImage("enc", w, w, px, cls)), 16, 3, false);
        float[] x = new float[8 * 16 * 16];
        int[] y = new int[x.length];
        for (int round = 0; round < 20; round++) {
            s.fill(x, y, 8);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], (int) (x[i] / 10), "pixel " + i + " lost its label");
            }
        }
    }

    @Test
    void sourceIndexCoversTheEightSymmetries() {
        PatchSampler s = new PatchSampler(List.of(squares(1)), 4, 1, false);
        List<int[]> seen = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int[] idx = new int[16];
            for (int v = 0; v < 4; v++) {
                for (int u = 0; u < 4; u++) {
                    idx[v * 4 + u] = s.sourceIndex(64, 0, 0, u, v, t);
                }
            }
            for (int[] prev : seen) {
                assertTrue(!java.util.Arrays.equals(prev, idx), "transform " + t + " repeats another");
            }
            int[] sorted = idx.clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 64, 65, 66, 67, 128, 129, 130, 131, 192, 193, 194, 195},
                    sorted, "a permutation of the crop");
            seen.add(idx);
        }
    }

    @Test
    void lossDecreasesAndTheExportReloadsWithTheSameOutputs(@TempDir Path dir) throws Exception {
        List<LabelledImage> data = List.of(squares(1), squares(2), squares(3));
        UNet.Config net = new UNet.Config(1, 2, 2, 8);
        Trainer.Settings s = new Trainer.Settings(net, 32, 4, 1e-2f, new float[] {1, 1}, 5, 1);
        List<Double> losses = new ArrayList<>();
        try (Trainer t = new Trainer(s)) {
            t.train(new PatchSampler(data, 32, 9, false), 60, 20, Progress.NONE, (step, loss) -> losses.add(loss));
            assertTrue(losses.get(2) < 0.5 * losses.get(0), "loss did not fall: " + losses);
            var d = io.pixelwise.TestModels.descriptor(net);
            d.classes = List.of("background", "square");
            d.object_classes = null;
            d.boundary_class = null;
            ModelExporter.export(net, t.weights(), d, "# squares\n", dir.resolve("m"));
        }
        try (SegmentationModel m = SegmentationModel.load(dir.resolve("m"))) {
            LabelledImage im = squares(4);
            float[] p = m.predict(im.pixels(), 1, 64, 64);
            int agree = 0;
            for (int i = 0; i < im.classes().length; i++) {
                agree += (p[2 * i + 1] > p[2 * i] ? 1 : 0) == im.classes()[i] ? 1 : 0;
            }
            assertTrue(agree > 0.95 * im.classes().length, "exported model segments unseen squares: " + agree);
        }
    }
}
