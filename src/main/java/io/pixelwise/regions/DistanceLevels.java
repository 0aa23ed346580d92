package io.pixelwise.regions;

/**
 * Instances as levels of distance to their edge, the representation of the "deep watershed transform" (Bai and
 * Urtasun 2017) in its simplest form: every object pixel is labelled with its city-block distance to the nearest
 * pixel outside its object (1 on the edge, 2 one pixel further in, ...), capped at {@code levels}; background is 0.
 * A network learns these levels as classes, so touching objects are told apart by broad rings and cores rather
 * than by a one-pixel boundary line.
 * <p>
 * Decoding floods the levels from the top down, as a watershed does. The pixels at or above a seed level form the
 * objects' cores, one object per connected piece: two objects only meet on their edge pixels (level 1), so cores of
 * different objects never touch, while one object's core stays whole even where the discrete distance dips along a
 * ridge (which would split it into two domes were every maximum a seed). Then level by level downwards, the pixels
 * next to an object found so far join it and it grows through them breadth-first; what remains of a level (small
 * objects without a core) starts new objects. A seed level above 2 keeps cores apart where a network blurs the
 * thin edge ring between touching objects. Everything runs in a fixed pixel order, so the same levels always give
 * the same labels, and exact levels give back the labels they were made from but for a pixel here and there at
 * the tips of thin parts.
 */
public final class DistanceLevels {

    private DistanceLevels() {
    }

    /**
     * The level of every pixel of a label image (0 = background); the image's own border is not an edge, since the
     * object may go on beyond it.
     */
    public static byte[] encode(int[] labels, int width, int height, int levels) {
        if (levels < 1 || levels > 127) {
            throw new IllegalArgumentException("levels must be 1 to 127, was " + levels);
        }
        int n = labels.length;
        byte[] out = new byte[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && touchesOther(labels, i, width, height)) {
                out[i] = 1;
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            int next = out[p] + 1;
            if (next > levels) {
                continue;
            }
            int x = p % width;
            int y = p / width;
            for (int q : new int[] {x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1,
                    y < height - 1 ? p + width : -1}) {
                if (q >= 0 && out[q] == 0 && labels[q] == labels[p]) {
                    out[q] = (byte) next;
                    queue[tail++] = q;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && out[i] == 0) {
                out[i] = (byte) levels;   // deeper than the cap, or an object with no edge in the image
            }
        }
        return out;
    }

    private static boolean touchesOther(int[] labels, int i, int w, int h) {
        int l = labels[i];
        int x = i % w;
        int y = i / w;
        return x > 0 && labels[i - 1] != l || x < w - 1 && labels[i + 1] != l
                || y > 0 && labels[i - w] != l || y < h - 1 && labels[i + w] != l;
    }

    /**
     * Objects from one plane of levels (0 = background), numbered from {@code firstId} in the order they start.
     *
     * @param level     levels per pixel; not modified
     * @param seedLevel pixels at this level or higher are cores
     * @param out       receives the object ids (0 = background); must be all 0
     * @return the number of objects
     */
    public static int decode(int[] level, int width, int height, int seedLevel, int[] out, int firstId) {
        if (seedLevel < 1 || seedLevel > 127) {
            throw new IllegalArgumentException("seed level must be 1 to 127, was " + seedLevel);
        }
        int n = level.length;
        int[] capped = new int[n];
        int top = 0;
        int[] count = new int[128];
        for (int i = 0; i < n; i++) {
            int v = level[i];
            if (v < 0 || v > 127) {
                throw new IllegalArgumentException("distance level " + v + " outside 0..127");
            }
            capped[i] = Math.min(v, seedLevel);
            top = Math.max(top, capped[i]);
            count[capped[i]]++;
        }
        level = capped;
        // pixels bucketed by level, each bucket in pixel order
        int[] start = new int[top + 2];
        for (int v = 1; v <= top; v++) {
            start[v + 1] = start[v] + count[v];
        }
        int[] byLevel = new int[n - count[0]];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            if (level[i] > 0) {
                byLevel[fill[level[i]]++] = i;
            }
        }
        int[] queue = new int[n];
        int next = firstId;
        for (int v = top; v >= 1; v--) {
            int tail = 0;
            for (int j = start[v]; j < start[v + 1]; j++) {
                int p = byLevel[j];
                int from = higherNeighbour(level, out, p, width, height, v);
                if (from != 0) {
                    out[p] = from;
                    queue[tail++] = p;
                }
            }
            grow(level, out, queue, tail, width, height, v, false);
            for (int j = start[v]; j < start[v + 1]; j++) {
                int p = byLevel[j];
                if (out[p] == 0) {
                    out[p] = next++;
                    queue[0] = p;
                    grow(level, out, queue, 1, width, height, v, true);
                }
            }
        }
        return next - firstId;
    }

    /** The object of the first 4-neighbour (left, right, up, down) lying on a higher level, or 0. */
    private static int higherNeighbour(int[] level, int[] out, int p, int w, int h, int v) {
        int x = p % w;
        int y = p / w;
        if (x > 0 && level[p - 1] > v) {
            return out[p - 1];
        }
        if (x < w - 1 && level[p + 1] > v) {
            return out[p + 1];
        }
        if (y > 0 && level[p - w] > v) {
            return out[p - w];
        }
        if (y < h - 1 && level[p + w] > v) {
            return out[p + w];
        }
        return 0;
    }

    /**
     * Breadth-first from queue[0..tail) through unlabelled pixels of level v, each taking its parent's object; a new
     * object spreads through diagonal neighbours too, since a thin part's core may hang together only diagonally
     * (and two objects' inner pixels are never diagonal neighbours: the pixel beside both would belong to each).
     */
    private static void grow(int[] level, int[] out, int[] queue, int tail, int w, int h, int v, boolean diagonal) {
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            int x = p % w;
            int y = p / w;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    if ((dx == 0) != (dy == 0) || diagonal && dx != 0) {
                        if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                            tail = claim(level, out, queue, tail, yy * w + xx, out[p], v);
                        }
                    }
                }
            }
        }
    }

    private static int claim(int[] level, int[] out, int[] queue, int tail, int q, int id, int v) {
        if (out[q] == 0 && level[q] == v) {
            out[q] = id;
            queue[tail++] = q;
        }
        return tail;
    }
}
