package io.pixelwise.infer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TilingTest {

    @Test
    void coresCoverTheImageExactlyOnceOnADivisorAlignedGrid() {
        int w = 1000;
        int h = 333;
        List<Tiling.Tile> tiles = Tiling.tiles(w, h, 256, 8, 64);
        int[] cover = new int[w * h];
        for (Tiling.Tile t : tiles) {
            assertEquals(0, t.x() % 8);
            assertEquals(0, t.inputX() % 8);
            assertEquals(0, t.inputWidth() % 8);
            assertEquals(0, t.inputHeight() % 8);
            // A halo only where the tile faces another tile; at the image's edges the input stops at the image,
            // padded up to the divisor (1000 -> 1000, 333 -> 336).
            assertEquals(t.x() == 0 ? 0 : t.x() - 64, t.inputX());
            assertEquals(t.y() == 0 ? 0 : t.y() - 64, t.inputY());
            assertEquals(Math.min(1000, t.x() + 256 + 64), t.inputX() + t.inputWidth());
            assertEquals(Math.min(336, t.y() + 256 + 64), t.inputY() + t.inputHeight());
            for (long y = t.y(); y < t.y() + t.height(); y++) {
                for (long x = t.x(); x < t.x() + t.width(); x++) {
                    cover[(int) (y * w + x)]++;
                }
            }
        }
        for (int c : cover) {
            assertEquals(1, c);
        }
        assertEquals(4 * 2, tiles.size());
    }

    @Test
    void aPlaneThatFitsInOneTileIsOneRunOnThePlaneAlone() {
        List<Tiling.Tile> tiles = Tiling.tiles(512, 500, 1024, 16, 64);
        assertEquals(List.of(new Tiling.Tile(0, 0, 512, 500, 0, 0, 512, 512)), tiles);
    }

    @Test
    void requestedTileSideIsRoundedToWhatTheModelTakes() {
        assertEquals(64, Tiling.coreSide(10, 8, 64));
        assertEquals(104, Tiling.coreSide(100, 8, 64));
        assertEquals(512, Tiling.coreSide(512, 8, 64));
    }

    @Test
    void haloMustBeAMultipleOfTheDivisor() {
        assertThrows(IllegalArgumentException.class, () -> Tiling.tiles(10, 10, 16, 8, 12));
    }
}
