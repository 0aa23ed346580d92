package io.pixelwise.infer;

import io.pixelwise.TestModels;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.UNet;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TiledPredictorTest {

    @TempDir
    static Path dir;
    static SegmentationModel model;

    @BeforeAll
    static void load() throws Exception {
        model = SegmentationModel.load(TestModels.tiny(dir.resolve("m"), 1), 1, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Blobs on a ramp plus noise: enough structure that the random network's arg-max varies over the image. */
    static ArrayImg<FloatType, FloatArray> sample(int w, int h, long seed) {
        Random r = new Random(seed);
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = (float) (0.3 * Math.sin(x / 7.0) * Math.cos(y / 5.0) + x / (double) w
                        + 0.2 * r.nextGaussian());
            }
        }
        return ArrayImgs.floats(v, w, h, 1);
    }

    @Test
    void distanceLevelsAreReadAsTheMeanLevelOfObjectPixels() {
        // background 0.2, levels 1..3: object 0.8, mean level (0.1 + 2 * 0.3 + 3 * 0.4) / 0.8 = 2.375 -> 2
        assertEquals(2, TiledPredictor.meanLevel(new float[] {0.2f, 0.1f, 0.3f, 0.4f}, 0, 4));
        // the most likely level would be 3, but one object pixel in two sits lower
        assertEquals(2, TiledPredictor.meanLevel(new float[] {0, 0, 0, 0.45f, 0.05f, 0.5f}, 2, 4));
        assertEquals(0, TiledPredictor.meanLevel(new float[] {0.5f, 0.1f, 0.2f, 0.2f}, 0, 4), "background at 0.5");
        assertEquals(1, TiledPredictor.meanLevel(new float[] {0.4f, 0.6f, 0, 0}, 0, 4));
    }

    @Test
    void augmentationAveragesOnlyTheSymmetriesTheModelWasTrainedUnder() {
        int w = 96;
        int h = 64;
        ArrayImg<FloatType, FloatArray> img = sample(w, h, 3);
        ArrayImg<FloatType, FloatArray> p = ArrayImgs.floats(w, h, 3);
        new TiledPredictor(leftRightOnly(model), 512, true).predict(img, ArrayImgs.unsignedShorts(w, h), p,
                Progress.NONE, () -> { });
        ArrayImg<FloatType, FloatArray> plain = ArrayImgs.floats(w, h, 3);
        ArrayImg<FloatType, FloatArray> mirrored = ArrayImgs.floats(w, h, 3);
        TiledPredictor once = new TiledPredictor(model, 512);
        once.predict(img, ArrayImgs.unsignedShorts(w, h), plain, Progress.NONE, () -> { });
        once.predict(ArrayImgs.floats(flipX(img.update(null).getCurrentStorageArray(), w, h), w, h, 1),
                ArrayImgs.unsignedShorts(w, h), mirrored, Progress.NONE, () -> { });
        float[] a = plain.update(null).getCurrentStorageArray();
        float[] b = mirrored.update(null).getCurrentStorageArray();
        float[] averaged = p.update(null).getCurrentStorageArray();
        for (int k = 0; k < 3; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = (k * h + y) * w + x;
                    float expected = (a[at] + b[(k * h + y) * w + w - 1 - x]) / 2;
                    assertEquals(expected, averaged[at], 1e-5, "class " + k + " at " + x + "," + y);
                }
            }
        }
    }

    /** The model as if trained with left-right flips only. */
    private static Network leftRightOnly(Network model) {
        ModelDescriptor.Builder d = model.descriptor().toBuilder();
        d.symmetries = new ModelDescriptor.Symmetries(true, false, false);
        return model.describedBy(d.build());
    }

    @Test
    void aVolumetricModelsAugmentationMirrorsEveryPlaneOfTheStackAlike() throws Exception {
        int w = 40;
        int h = 24;
        int depth = 6;
        float[] v = new float[w * h * depth];
        for (int z = 0; z < depth; z++) {
            float[] plane = sample(w, h, 10 + z).update(null).getCurrentStorageArray();
            System.arraycopy(plane, 0, v, z * w * h, w * h);
        }
        float[] mirrored = new float[v.length];
        for (int z = 0; z < depth; z++) {
            System.arraycopy(flipX(java.util.Arrays.copyOfRange(v, z * w * h, (z + 1) * w * h), w, h), 0, mirrored,
                    z * w * h, w * h);
        }
        try (SegmentationModel volume = SegmentationModel.load(TestModels.export(dir.resolve("volume"),
                new UNet.Config(1, 3, 2, 4, UNet.Norm.BATCH, 0, 1, 3)), 1, 1)) {
            float[] averaged = probabilities(new TiledPredictor(leftRightOnly(volume), 512, true), v, w, h, depth);
            TiledPredictor once = new TiledPredictor(volume, 512);
            float[] a = probabilities(once, v, w, h, depth);
            float[] b = probabilities(once, mirrored, w, h, depth);
            for (int z = 0; z < depth; z++) {
                for (int k = 0; k < 3; k++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int at = ((z * 3 + k) * h + y) * w + x;
                            int flipped = ((z * 3 + k) * h + y) * w + w - 1 - x;
                            assertEquals((a[at] + b[flipped]) / 2, averaged[at], 1e-5,
                                    "class " + k + " at " + x + "," + y + "," + z);
                        }
                    }
                }
            }
        }
    }

    /** Class probabilities [x, y, class, z] of a stack [x, y, z] of one channel, in one volumetric run. */
    private static float[] probabilities(TiledPredictor p, float[] stack, int w, int h, int depth) {
        ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(w, h, 3, depth);
        p.predictStack(ArrayImgs.floats(stack, w, h, 1, depth), ArrayImgs.unsignedShorts(w, h, depth), out,
                Progress.NONE, () -> { });
        return out.update(null).getCurrentStorageArray();
    }

    private static float[] flipX(float[] v, int w, int h) {
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = v[y * w + w - 1 - x];
            }
        }
        return out;
    }

    @Test
    void augmentedTilesEqualTheAugmentedWholeImage() {
        int w = 300;
        int h = 170;
        ArrayImg<FloatType, FloatArray> img = sample(w, h, 5);
        TiledPredictor small = new TiledPredictor(model, 32, true);
        TiledPredictor whole = new TiledPredictor(model, 512, true);
        ArrayImg<UnsignedShortType, ShortArray> tiled = ArrayImgs.unsignedShorts(w, h);
        ArrayImg<UnsignedShortType, ShortArray> untiled = ArrayImgs.unsignedShorts(w, h);
        ArrayImg<UnsignedShortType, ShortArray> plain = ArrayImgs.unsignedShorts(w, h);
        small.predict(img, tiled, null, Progress.NONE, () -> { });
        whole.predict(img, untiled, null, Progress.NONE, () -> { });
        new TiledPredictor(model, 512).predict(img, plain, null, Progress.NONE, () -> { });
        short[] a = tiled.update(null).getCurrentStorageArray();
        short[] b = untiled.update(null).getCurrentStorageArray();
        assertArrayEquals(b, a, "augmented tiles and the augmented whole image agree");
        assertTrue(!java.util.Arrays.equals(b, plain.update(null).getCurrentStorageArray()),
                "and averaging the symmetries changes something on a random network");
    }

    @Test
    void tiledLabelsEqualUntiledLabels() {
        int w = 300;
        int h = 170;
        ArrayImg<FloatType, FloatArray> img = sample(w, h, 1);
        TiledPredictor small = new TiledPredictor(model, 32);
        TiledPredictor whole = new TiledPredictor(model, 512);
        assertTrue(small.tiles(img).size() >= 10 * 6, "several tiles wide: " + small.tiles(img).size());
        assertEquals(1, whole.tiles(img).size());

        ArrayImg<UnsignedShortType, ShortArray> tiled = ArrayImgs.unsignedShorts(w, h);
        ArrayImg<UnsignedShortType, ShortArray> untiled = ArrayImgs.unsignedShorts(w, h);
        ArrayImg<FloatType, FloatArray> pTiled = ArrayImgs.floats(w, h, 3);
        ArrayImg<FloatType, FloatArray> pUntiled = ArrayImgs.floats(w, h, 3);
        small.predict(img, tiled, pTiled, Progress.NONE, () -> { });
        whole.predict(img, untiled, pUntiled, Progress.NONE, () -> { });

        short[] a = tiled.update(null).getCurrentStorageArray();
        short[] b = untiled.update(null).getCurrentStorageArray();
        assertArrayEquals(b, a, "tiled and untiled class labels differ");
        float[] pa = pTiled.update(null).getCurrentStorageArray();
        float[] pb = pUntiled.update(null).getCurrentStorageArray();
        double maxDiff = 0;
        for (int i = 0; i < pa.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(pa[i] - pb[i]));
        }
        assertTrue(maxDiff < 1e-4, "probabilities differ by " + maxDiff);
        int[] hist = new int[3];
        for (short s : b) {
            hist[s]++;
        }
        assertTrue(hist[0] > 0 && hist[0] < a.length, "test needs more than one class in the output: "
                + java.util.Arrays.toString(hist));
    }

    @Test
    void tiledEqualsUntiledForABatchNormalisedNetworkOnADownscaledInput() throws Exception {
        // Average pooling in and bilinear resizing out must not let tile edges leak into the cores either.
        UNet.Config net = new UNet.Config(1, 3, 3, 4, UNet.Norm.BATCH, 0, 2);
        try (SegmentationModel scaled = SegmentationModel.load(TestModels.export(dir.resolve("scaled"), net), 1, 1)) {
            int w = 200;
            int h = 90;
            ArrayImg<FloatType, FloatArray> img = sample(w, h, 5);
            TiledPredictor small = new TiledPredictor(scaled, 32);
            assertTrue(small.tiles(img).size() >= 7 * 3, "several tiles wide: " + small.tiles(img).size());
            var tiled = ArrayImgs.unsignedShorts(w, h);
            var untiled = ArrayImgs.unsignedShorts(w, h);
            var pTiled = ArrayImgs.floats(w, h, 3);
            var pUntiled = ArrayImgs.floats(w, h, 3);
            small.predict(img, tiled, pTiled, Progress.NONE, () -> { });
            new TiledPredictor(scaled, 512).predict(img, untiled, pUntiled, Progress.NONE, () -> { });
            assertArrayEquals(untiled.update(null).getCurrentStorageArray(), tiled.update(null).getCurrentStorageArray());
            float[] a = pTiled.update(null).getCurrentStorageArray();
            float[] b = pUntiled.update(null).getCurrentStorageArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-4, "probability " + i);
            }
        }
    }

    @Test
    void outputWrittenIntoOffsetViewsAndSmallImages() {
        // A 20x13 image is smaller than one tile and not a multiple of the divisor: padding must be mirrored.
        ArrayImg<FloatType, FloatArray> img = sample(20, 13, 2);
        var out = ArrayImgs.unsignedShorts(40, 40);
        RandomAccessibleInterval<UnsignedShortType> window = Views.interval(out, new long[] {10, 20},
                new long[] {29, 32});
        var ref = ArrayImgs.unsignedShorts(20, 13);
        new TiledPredictor(model, 64).predict(img, window, null, Progress.NONE, () -> { });
        new TiledPredictor(model, 16).predict(img, ref, null, Progress.NONE, () -> { });
        var c = Views.flatIterable(window).cursor();
        for (UnsignedShortType t : Views.flatIterable(ref)) {
            assertEquals(t.get(), c.next().get());
        }
    }

    @Test
    void cancelStopsBetweenTiles() {
        ArrayImg<FloatType, FloatArray> img = sample(128, 128, 3);
        int[] tiles = {0};
        Progress cancelAfterOne = new Progress() {
            public void status(String m) { }
            public void fraction(double d) { }
            public boolean isCanceled() {
                return tiles[0] >= 1;
            }
        };
        assertThrows(CanceledException.class, () -> new TiledPredictor(model, 32)
                .predict(img, ArrayImgs.unsignedShorts(128, 128), null, cancelAfterOne, () -> tiles[0]++));
        assertEquals(1, tiles[0]);
    }

    @Test
    void rejectsWrongChannelCount() {
        var twoChannels = ArrayImgs.floats(16, 16, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TiledPredictor(model, 32)
                .predict(twoChannels, ArrayImgs.unsignedShorts(16, 16), null, Progress.NONE, () -> { }));
        assertTrue(e.getMessage().contains("1 channels"), e.getMessage());
    }
}
