package io.pixelwise.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plane into tile cores on a grid anchored at the image origin. A tile's network input is its core plus a
 * halo on every side that faces another tile; at the image's edges the input stops where the whole image's input
 * would (the image padded up to the size divisor), so a tile sees at its outer edges exactly what the network sees
 * on the whole image, and a plane that fits in one tile costs what one raw run on it costs. Because core origins and
 * the halo are multiples of the divisor, every tile sees the pooling grid of the whole image, and because the halo
 * covers the receptive field, no core pixel feels a seam: tiled and untiled outputs agree.
 */
public final class Tiling {

    /**
     * One tile: core [x, x+width) × [y, y+height) in image coordinates; network input [inputX, inputX+inputWidth)
     * × [inputY, inputY+inputHeight), which may reach past the image by the padding to the size divisor.
     */
    public record Tile(long x, long y, int width, int height, long inputX, long inputY, int inputWidth,
                       int inputHeight) {
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
        long paddedW = roundUp(width, divisor);
        long paddedH = roundUp(height, divisor);
        List<Tile> out = new ArrayList<>();
        for (long y = 0; y < height; y += core) {
            int h = (int) Math.min(core, height - y);
            long iy = Math.max(0, y - halo);
            int ih = (int) (Math.min(paddedH, y + core + halo) - iy);
            for (long x = 0; x < width; x += core) {
                int w = (int) Math.min(core, width - x);
                long ix = Math.max(0, x - halo);
                int iw = (int) (Math.min(paddedW, x + core + halo) - ix);
                out.add(new Tile(x, y, w, h, ix, iy, iw, ih));
            }
        }
        return out;
    }

    private static long roundUp(long v, long d) {
        return (v + d - 1) / d * d;
    }
}
