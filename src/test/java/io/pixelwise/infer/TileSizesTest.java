package io.pixelwise.infer;

import io.pixelwise.TestModels;
import io.pixelwise.io.MemoryBudget;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileSizesTest {

    /** nuclei-fluo's shape: a 32-filter U-Net, size divisor 8, halo 64, one channel in, three classes out. */
    private static ModelDescriptor.Builder nucleiLike() {
        ModelDescriptor.Builder d = new ModelDescriptor.Builder();
        d.input = new ModelDescriptor.TensorSpec("input", "byxc", 1);
        d.classes = List.of("background", "nucleus", "boundary");
        d.size_divisor = 8;
        d.halo = 64;
        d.min_tile = 64;
        d.network = new ModelDescriptor.Network().withBaseFilters(32);
        return d;
    }

    @Test
    void memoryPerPixelFollowsTheFiltersAndTheDownscaling() {
        ModelDescriptor.Builder d = nucleiLike();
        assertEquals(36 * 32 + 4 * (1 + 3 * 3) + 16, TileSizes.bytesPerPixel(d.build()));
        d.network = d.network.withBaseFilters(16).withInputScale(4);
        d.classes = List.of("background", "head");
        assertEquals(36 * 16 / 16 + 4 * (1 + 3 * 2) + 16, TileSizes.bytesPerPixel(d.build()));
        d.network = null;
        assertEquals(36 * 32 + 4 * (1 + 3 * 2) + 16, TileSizes.bytesPerPixel(d.build()),
                "an imported model: 32 filters");
    }

    @Test
    void aPlaneWhoseInputFitsIsOneTile() {
        ModelDescriptor d = nucleiLike().build();
        long perPixel = TileSizes.bytesPerPixel(d);
        assertEquals(2048, TileSizes.side(d, 2048, 2048, 2048L * 2048 * perPixel));
        assertEquals(2000, TileSizes.side(d, 2000, 1999, 2000L * 2000 * perPixel), "padded to the size divisor");
        assertEquals(4000, TileSizes.side(d, 4000, 500, 4000L * 504 * perPixel), "a long strip: its area counts");
    }

    @Test
    void otherwiseTheFewestEqualTilesThatFit() {
        ModelDescriptor d = nucleiLike().build();
        long perPixel = TileSizes.bytesPerPixel(d);
        assertEquals(1024, TileSizes.side(d, 2048, 2048, 2048L * 2048 * perPixel - 1),
                "one byte short of one tile: 2 x 2 tiles of 1024 (+ halo 64 each side)");
        assertEquals(1536, TileSizes.side(d, 3072, 3072, 2700L * 2700 * perPixel),
                "room for 2572 + halos: two equal tiles of 1536, not 2572 + 500");
        long needed = 1664L * 1664 * perPixel;
        assertEquals(1536, TileSizes.side(d, 3072, 3072, needed), "exactly 1536 + 2 x 64");
        assertEquals(1024, TileSizes.side(d, 3072, 3072, needed - 1), "a byte less: three tiles");
    }

    @Test
    void neverBelowTheSmallestAutomaticTile() {
        ModelDescriptor d = nucleiLike().build();
        assertEquals(TileSizes.SMALLEST_AUTO, TileSizes.side(d, 10000, 10000, 0));
        assertEquals(TileSizes.SMALLEST_AUTO, TileSizes.side(d, 100, 100, 1L << 40), "a small plane: one tile");
    }

    @Test
    void theSystemSaysWhatIsFree() {
        long free = MemoryBudget.systemAvailable();
        assertTrue(free > 0 && free < 1L << 50, "free memory " + free);
        assertTrue(TileSizes.budget(1) > 0);
        // free memory moves between two reads, so the sharing is checked on a fixed figure
        assertEquals(1000, TileSizes.budget(4000, 2), "two automatic tiles at once share half of it");
        assertEquals(2000, TileSizes.budget(4000, 0), "nothing else running: half of it");
    }

    @Test
    void anAutomaticTileGivesTheLabelsOfAnyOther(@TempDir Path dir) throws Exception {
        try (SegmentationModel model = SegmentationModel.load(TestModels.tiny(dir.resolve("m"), 1), 1, 1)) {
            var plane = TiledPredictorTest.sample(300, 170, 3);
            var image = Views.addDimension(Views.addDimension(plane, 0, 0), 0, 0);
            var auto = Segmenter.segment(model, image, new Segmenter.Options(TileSizes.AUTO, false), Progress.NONE);
            var small = Segmenter.segment(model, image, new Segmenter.Options(32, false), Progress.NONE);
            assertEquals(1, auto.tiles(), "this machine has room for 300 x 170 in one tile");
            assertTrue(small.tiles() > 1);
            assertArrayEquals(small.classes().getPlane(0).getCurrentStorageArray(),
                    auto.classes().getPlane(0).getCurrentStorageArray());
        }
    }
}
