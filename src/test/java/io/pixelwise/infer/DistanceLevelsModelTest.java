package io.pixelwise.infer;

import io.pixelwise.TestModels;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.DistanceLevels;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model of distance levels through Segment Image's pipeline: the user sees classes and objects, tiling changes nothing. */
class DistanceLevelsModelTest {

    @TempDir
    Path dir;

    @Test
    void tiledEqualsUntiledAndTheClassImageShowsTheObjectClass() throws Exception {
        try (SegmentationModel model = SegmentationModel.load(TestModels.levels(dir.resolve("m"), 4), 1, 1)) {
            assertEquals(5, model.descriptor().scoreChannels());
            var image = Views.addDimension(Views.addDimension(TiledPredictorTest.sample(300, 170, 7), 0, 0), 0, 0);
            Pipeline.Part small = run(model, image, 32);
            Pipeline.Part whole = run(model, image, 1024);
            assertTrue(small.segmentation().tiles() > 1);
            assertEquals(1, whole.segmentation().tiles());
            short[] levels = whole.segmentation().levels().getPlane(0).getCurrentStorageArray();
            assertArrayEquals(levels, small.segmentation().levels().getPlane(0).getCurrentStorageArray());
            int[] labels = whole.instances().labels().getPlane(0).getCurrentStorageArray();
            assertArrayEquals(labels, small.instances().labels().getPlane(0).getCurrentStorageArray(),
                    "objects crossing tile seams are one object");
            short[] classes = whole.segmentation().classes().getPlane(0).getCurrentStorageArray();
            float[] p = whole.segmentation().probabilities().getPlane(0).getCurrentStorageArray();
            float[] q = whole.segmentation().probabilities().getPlane(1).getCurrentStorageArray();
            int[] seen = new int[5];
            for (int i = 0; i < levels.length; i++) {
                seen[levels[i]]++;
                assertEquals(levels[i] > 0 ? 1 : 0, classes[i], "class image: background or nucleus");
                assertEquals(1, p[i] + q[i], 1e-5, "two class probabilities, the levels summed");
                assertEquals(levels[i] > 0, labels[i] != 0, "every object pixel belongs to an object");
            }
            assertTrue(java.util.Arrays.stream(seen).filter(n -> n > 0).count() >= 2, "levels seen: "
                    + java.util.Arrays.toString(seen));
            int[] expected = new int[labels.length];
            int[] asInts = new int[levels.length];
            for (int i = 0; i < levels.length; i++) {
                asInts[i] = levels[i];
            }
            int n = DistanceLevels.decode(asInts, 300, 170, model.descriptor().seed_level, expected, 1);
            assertEquals(n, whole.instances().count());
            assertArrayEquals(expected, labels, "objects are the decoded levels (this model drops nothing)");
            assertEquals(1, whole.instances().instances().get(0).classIndex());
        }
    }

    private static Pipeline.Part run(SegmentationModel model, net.imglib2.RandomAccessibleInterval<
            net.imglib2.type.numeric.real.FloatType> image, int tile) throws Exception {
        List<Pipeline.Part> parts = new ArrayList<>();
        Pipeline.Settings s = Pipeline.Settings.defaults().withTile(tile);
        s = new Pipeline.Settings(s.tileSize(), true, false, s.touching(), s.minSize(), s.splitDepth(), false, false,
                false, List.of());
        Pipeline.run(model, Pipeline.Source.of(image), "sample", Calibration.PIXELS, s, parts::add, Progress.NONE);
        return parts.get(0);
    }
}
