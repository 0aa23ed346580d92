package io.pixelwise.regions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rings around labelled objects: every background pixel within a distance of an object joins the nearest object's
 * ring (the cytoplasm around a nucleus, the tissue around a lesion). Rings never overlap and never cover another
 * object: where two objects' rings would meet, each pixel goes to the nearer object (a Voronoi split), ties to the
 * object found first in a fixed scan order.
 */
public final class Rings {

    /** The widest ring, in pixels: wide enough for any cell's cytoplasm, narrow enough to scan its disc quickly. */
    public static final int MAX_WIDTH = 256;

    private Rings() {
    }

    /**
     * @param labels object ids of one plane, flat with x fastest (0 = background)
     * @param width  how far rings reach, in pixels, centre to centre (1: the 4 side neighbours of an object's edge)
     * @return for each pixel the id of the ring it belongs to, 0 where none
     */
    public static int[] around(int[] labels, int w, int h, double width) {
        if (labels.length != w * h) {
            throw new IllegalArgumentException(labels.length + " labels for a " + w + " x " + h + " plane");
        }
        if (!(width >= 0 && width <= MAX_WIDTH)) {
            throw new IllegalArgumentException("a ring is 0 to " + MAX_WIDTH + " pixels wide, was " + width);
        }
        int[] ring = new int[labels.length];
        boolean[] background = new boolean[labels.length];
        boolean any = false;
        for (int i = 0; i < labels.length; i++) {
            background[i] = labels[i] == 0;
            any |= labels[i] != 0;
        }
        if (!any || width == 0) {
            return ring;
        }
        float[] distance = DistanceTransform.euclidean(background, new int[] {w, h}, new double[] {1, 1});
        int[] offsets = offsets(width);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!background[i] || distance[i] > width) {
                    continue;
                }
                for (int o = 0; o < offsets.length; o += 2) {  // nearest first: the first object pixel met is nearest
                    int xx = x + offsets[o];
                    int yy = y + offsets[o + 1];
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h && labels[yy * w + xx] != 0) {
                        ring[i] = labels[yy * w + xx];
                        break;
                    }
                }
            }
        }
        return ring;
    }

    /**
     * Pixel offsets (dx, dy pairs) within {@code width}, nearest first (by squared length, then y, then x for a fixed
     * order).
     */
    private static int[] offsets(double width) {
        int r = (int) Math.floor(width);
        List<int[]> out = new ArrayList<>();
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if ((dx != 0 || dy != 0) && dx * dx + dy * dy <= width * width) {
                    out.add(new int[] {dx, dy});
                }
            }
        }
        out.sort(Comparator.<int[]>comparingInt(o -> o[0] * o[0] + o[1] * o[1]).thenComparingInt(o -> o[1])
                .thenComparingInt(o -> o[0]));
        int[] flat = new int[2 * out.size()];
        for (int k = 0; k < out.size(); k++) {
            flat[2 * k] = out.get(k)[0];
            flat[2 * k + 1] = out.get(k)[1];
        }
        return flat;
    }
}
