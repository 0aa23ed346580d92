package io.pixelwise.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plane into tile cores on a grid anchored at the image origin. Each tile's network input is its core,
 * padded up to the size divisor, plus a halo on every side. Because core origins and the halo are multiples of
 * the divisor, every tile sees the same pooling grid as the whole image would, and because the halo covers the
 * receptive field, no core pixel feels a tile edge: tiled and untiled outputs agree.
 */
public final class Tiling {

    /** One tile: core [x, x+width) × [y, y+height) in image coordinates, network input padded around it. */
    public record Tile(long x, long y, int width, int height, int inputWidth, int inputHeight, int halo) {
        public long inputX() {
            return x - halo;
        }

        public long inputY() {
            return y - halo;
        }
    }

    private Tiling() {
    }

    /** Rounds a requested tile side to a usable one: a multiple of {@code divisor}, at least {@code minTile}. */
    public static int coreSide(int requested, int divisor, int minTile) {
        int side = Math.max(requested, minTile);
        return (side + divisor - 1) / divisor * divisor;
    }

    public static List<Tile> tiles(long width, long height, int core, int divisor, int halo) {
        if (core % divisor != 0 || halo % divisor != 0) {
            throw new IllegalArgumentException("tile core " + core + " and halo " + halo + " must be multiples of "
                    + divisor);
        }
        List<Tile> out = new ArrayList<>();
        for (long y = 0; y < height; y += core) {
            int h = (int) Math.min(core, height - y);
            for (long x = 0; x < width; x += core) {
                int w = (int) Math.min(core, width - x);
                out.add(new Tile(x, y, w, h, roundUp(w, divisor) + 2 * halo, roundUp(h, divisor) + 2 * halo, halo));
            }
        }
        return out;
    }

    /** Mirrors a coordinate into [0, size) without repeating the edge pixel, as ImgLib2's extendMirrorSingle. */
    public static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }

    private static int roundUp(int v, int d) {
        return (v + d - 1) / d * d;
    }
}
