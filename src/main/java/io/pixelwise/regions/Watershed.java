package io.pixelwise.regions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splitting of touching objects by distance transform and seeded watershed, the classic recipe for crowded nuclei:
 * the distance of each object pixel to the object's edge has one dome per round part; domes rising at least
 * {@code h} above the saddle to their neighbour (h-maxima, by grayscale reconstruction) become seeds, and a
 * watershed flooding the inverted distance from the seeds gives every pixel of the object to one of them. Objects
 * never exchange pixels, and an object with one dome stays whole.
 */
public final class Watershed {

    private Watershed() {
    }

    /** Split objects: new labels 1..N, and for each new label (index label - 1) the label it came from. */
    public record Split(int[] labels, int[] origin) {
        public int count() {
            return origin.length;
        }
    }

    /**
     * Splits every object of a label image. Objects never interact: each is split on its own, inside its bounding box
     * grown by one pixel (which holds the nearest non-object pixel of every object pixel, so distances come out as on
     * the whole image), and objects are split in parallel. New labels are numbered in the order of their seeds'
     * first pixels, as a single pass over the whole image would number them.
     *
     * @param labels  object ids, 0 = background, flat with the first axis fastest (not modified)
     * @param spacing pixel size per axis (calibration), so distances are true distances
     * @param h       minimal depth, in calibrated units, of the neck between two parts for them to be split
     */
    public static Split split(int[] labels, int[] dims, double[] spacing, double h, Connectivity connectivity) {
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int nd = dims.length;
        int[][] lo = new int[max + 1][];
        int[][] hi = new int[max + 1][];
        int[] c = new int[nd];
        for (int p = 0; p < labels.length; p++) {
            int l = labels[p];
            if (l != 0) {
                if (lo[l] == null) {
                    lo[l] = c.clone();
                    hi[l] = c.clone();
                }
                for (int d = 0; d < nd; d++) {
                    lo[l][d] = Math.min(lo[l][d], c[d]);
                    hi[l][d] = Math.max(hi[l][d], c[d]);
                }
            }
            for (int d = 0; d < nd && ++c[d] == dims[d]; d++) {
                c[d] = 0;
            }
        }
        int[][] seedsOf = new int[max + 1][];
        int[][] pixelsOf = new int[max + 1][];
        int[][] labelsOf = new int[max + 1][];
        IntStream.rangeClosed(1, max).parallel().filter(l -> lo[l] != null).forEach(l -> {
            int[][] r = splitOne(labels, dims, spacing, h, connectivity, l, lo[l], hi[l]);
            pixelsOf[l] = r[0];
            labelsOf[l] = r[1];
            seedsOf[l] = r[2];
        });
        // Number the parts by their seeds' first pixels in raster order, as one pass over the image would.
        List<long[]> seeds = new ArrayList<>();
        for (int l = 1; l <= max; l++) {
            if (seedsOf[l] != null) {
                for (int k = 0; k < seedsOf[l].length; k++) {
                    seeds.add(new long[] {seedsOf[l][k], l, k + 1});
                }
            }
        }
        seeds.sort((x, y) -> Long.compare(x[0], y[0]));
        int[] origin = new int[seeds.size()];
        int[][] newId = new int[max + 1][];
        for (int i = 0; i < seeds.size(); i++) {
            int l = (int) seeds.get(i)[1];
            if (newId[l] == null) {
                newId[l] = new int[seedsOf[l].length + 1];
            }
            newId[l][(int) seeds.get(i)[2]] = i + 1;
            origin[i] = l;
        }
        int[] out = new int[labels.length];
        for (int l = 1; l <= max; l++) {
            if (pixelsOf[l] != null) {
                for (int i = 0; i < pixelsOf[l].length; i++) {
                    out[pixelsOf[l][i]] = newId[l][labelsOf[l][i]];
                }
            }
        }
        return new Split(out, origin);
    }

    /**
     * Splits object {@code l} inside its bounding box [lo, hi] grown by one and clipped to the image. Returns its
     * pixels (image indices, raster order), their part numbers 1..k, and for each part the image index of its seed's
     * first pixel.
     */
    private static int[][] splitOne(int[] labels, int[] dims, double[] spacing, double h, Connectivity connectivity,
                                    int l, int[] lo, int[] hi) {
        int nd = dims.length;
        int[] start = new int[nd];
        int[] size = new int[nd];
        int n = 1;
        for (int d = 0; d < nd; d++) {
            start[d] = Math.max(0, lo[d] - 1);
            size[d] = Math.min(dims[d] - 1, hi[d] + 1) - start[d] + 1;
            n *= size[d];
        }
        int[] stride = new int[nd];
        for (int d = 0, st = 1; d < nd; d++) {
            stride[d] = st;
            st *= dims[d];
        }
        // In the box: this object 1, any other object 2 (so edges between touching objects are still edges).
        int[] box = new int[n];
        int[] global = new int[n];
        int[] c = new int[nd];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int g = 0;
            for (int d = 0; d < nd; d++) {
                g += (start[d] + c[d]) * stride[d];
            }
            global[i] = g;
            box[i] = labels[g] == l ? 1 : labels[g] == 0 ? 0 : 2;
            count += box[i] == 1 ? 1 : 0;
            for (int d = 0; d < nd && ++c[d] == size[d]; d++) {
                c[d] = 0;
            }
        }
        Parts local = splitWhole(box, size, spacing, h, connectivity);
        int[] part = new int[local.origin().length + 1];
        int k = 0;
        for (int s = 1; s <= local.origin().length; s++) {
            if (local.origin()[s - 1] == 1) {
                part[s] = ++k;
            }
        }
        int[] firsts = new int[k];
        for (int s = 1; s <= local.origin().length; s++) {
            if (part[s] > 0) {
                firsts[part[s] - 1] = global[local.firstPixel()[s - 1]];
            }
        }
        int[] pixels = new int[count];
        int[] parts = new int[count];
        for (int i = 0, j = 0; i < n; i++) {
            if (box[i] == 1) {
                pixels[j] = global[i];
                parts[j++] = part[local.labels()[i]];
            }
        }
        return new int[][] {pixels, parts, firsts};
    }

    /** The recipe on one array: labels flooded from the seeds, each seed's object, and each seed's first pixel. */
    record Parts(int[] labels, int[] origin, int[] firstPixel) {
    }

    /** The recipe on one array, all its objects at once; {@link #split} runs it per object, in each object's box. */
    static Parts splitWhole(int[] labels, int[] dims, double[] spacing, double h, Connectivity connectivity) {
        Grid grid = new Grid(dims, connectivity);
        int[] nb = new int[grid.maxNeighbours()];
        // An object pixel next to another object counts as edge too, so touching objects erode from each other.
        boolean[] core = new boolean[labels.length];
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == 0) {
                continue;
            }
            boolean edge = false;
            for (int i = 0, n = grid.neighbours(p, nb); i < n && !edge; i++) {
                edge = labels[nb[i]] != 0 && labels[nb[i]] != labels[p];
            }
            core[p] = !edge;
        }
        float[] distance = DistanceTransform.euclidean(core, dims, spacing);
        for (int p = 0; p < distance.length; p++) {
            if (Float.isInfinite(distance[p])) {
                distance[p] = Float.MAX_VALUE / 4;              // an object filling the image: one flat dome
            }
        }
        int[] seeds = hMaxima(distance, labels, (float) h, grid);
        int n = 0;
        for (int s : seeds) {
            n = Math.max(n, s);
        }
        int[] origin = new int[n];
        int[] first = new int[n];
        for (int p = seeds.length - 1; p >= 0; p--) {
            if (seeds[p] > 0) {
                origin[seeds[p] - 1] = labels[p];
                first[seeds[p] - 1] = p;
            }
        }
        float[] elevation = new float[distance.length];
        for (int p = 0; p < elevation.length; p++) {
            elevation[p] = -distance[p];
        }
        flood(elevation, seeds, labels, grid);
        return new Parts(seeds, origin, first);
    }

    /**
     * Regional maxima of {@code f} after suppressing every maximum of dynamic below {@code h}, within each object:
     * a marker image labelled 1..N (one label per remaining maximum plateau), 0 elsewhere.
     */
    static int[] hMaxima(float[] f, int[] objects, float h, Grid grid) {
        float[] j = reconstructByDilation(f, objects, h, grid);
        int[] markers = new int[f.length];
        boolean[] seen = new boolean[f.length];
        int[] plateau = new int[f.length];
        int[] nb = new int[grid.maxNeighbours()];
        int next = 0;
        for (int p = 0; p < f.length; p++) {
            if (objects[p] == 0 || seen[p]) {
                continue;
            }
            int size = 0;
            plateau[size++] = p;
            seen[p] = true;
            boolean maximum = true;
            for (int head = 0; head < size; head++) {
                int q = plateau[head];
                for (int i = 0, n = grid.neighbours(q, nb); i < n; i++) {
                    int r = nb[i];
                    if (objects[r] != objects[p]) {
                        continue;
                    }
                    if (j[r] > j[q]) {
                        maximum = false;
                    } else if (j[r] == j[q] && !seen[r]) {
                        seen[r] = true;
                        plateau[size++] = r;
                    }
                }
            }
            if (maximum) {
                next++;
                for (int i = 0; i < size; i++) {
                    markers[plateau[i]] = next;
                }
            }
        }
        return markers;
    }

    /**
     * Grayscale reconstruction by dilation of {@code f - h} under {@code f}, each object on its own (Vincent 1993,
     * hybrid algorithm: a raster and an anti-raster scan, then a queue for what is left).
     */
    private static float[] reconstructByDilation(float[] f, int[] objects, float h, Grid grid) {
        float[] j = new float[f.length];
        for (int p = 0; p < f.length; p++) {
            j[p] = objects[p] == 0 ? f[p] : f[p] - h;
        }
        int[] nb = new int[grid.maxNeighbours()];
        for (int p = 0; p < f.length; p++) {
            if (objects[p] != 0) {
                j[p] = Math.min(f[p], max(j, p, grid.earlierNeighbours(p, nb), nb, objects));
            }
        }
        int[] queue = new int[f.length];
        boolean[] queued = new boolean[f.length];
        int tail = 0;
        for (int p = f.length - 1; p >= 0; p--) {
            if (objects[p] == 0) {
                continue;
            }
            int n = grid.laterNeighbours(p, nb);
            j[p] = Math.min(f[p], max(j, p, n, nb, objects));
            for (int i = 0; i < n; i++) {
                int q = nb[i];
                if (objects[q] == objects[p] && j[q] < j[p] && j[q] < f[q]) {
                    queue[tail++] = p;
                    queued[p] = true;
                    break;
                }
            }
        }
        int head = 0;
        int count = tail;
        while (count > 0) {
            int p = queue[head];
            head = (head + 1) % queue.length;
            count--;
            queued[p] = false;
            for (int i = 0, n = grid.neighbours(p, nb); i < n; i++) {
                int q = nb[i];
                if (objects[q] == objects[p] && j[q] < j[p] && j[q] != f[q]) {
                    j[q] = Math.min(j[p], f[q]);
                    if (!queued[q]) {
                        queue[(head + count) % queue.length] = q;
                        queued[q] = true;
                        count++;
                    }
                }
            }
        }
        return j;
    }

    /** Max of j over p and the first n neighbours in nb that belong to p's object. */
    private static float max(float[] j, int p, int n, int[] nb, int[] objects) {
        float m = j[p];
        for (int i = 0; i < n; i++) {
            if (objects[nb[i]] == objects[p]) {
                m = Math.max(m, j[nb[i]]);
            }
        }
        return m;
    }

    /**
     * Seeded watershed without dividing lines: from the seed labels in {@code labels}, pixels are claimed in order
     * of rising elevation (ties first come, first served), each by the neighbour that reached it, never across
     * objects. Writes the result into {@code labels}.
     */
    static void flood(float[] elevation, int[] labels, int[] objects, Grid grid) {
        Heap heap = new Heap(labels.length);
        int[] nb = new int[grid.maxNeighbours()];
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] > 0) {
                heap.push(elevation[p], p);
            }
        }
        while (!heap.isEmpty()) {
            int p = heap.pop();
            for (int i = 0, n = grid.neighbours(p, nb); i < n; i++) {
                int q = nb[i];
                if (labels[q] == 0 && objects[q] != 0 && objects[q] == objects[p]) {
                    labels[q] = labels[p];
                    heap.push(elevation[q], q);
                }
            }
        }
    }

    /** A binary min-heap of (key, index), ties broken by insertion order so flooding is deterministic. */
    private static final class Heap {
        private float[] keys;
        private int[] items;
        private long[] order;
        private int size;
        private long pushed;

        Heap(int capacity) {
            keys = new float[Math.max(16, capacity)];
            items = new int[keys.length];
            order = new long[keys.length];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(float key, int item) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                items = Arrays.copyOf(items, size * 2);
                order = Arrays.copyOf(order, size * 2);
            }
            int i = size++;
            keys[i] = key;
            items[i] = item;
            order[i] = pushed++;
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!less(i, parent)) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        int pop() {
            int top = items[0];
            size--;
            keys[0] = keys[size];
            items[0] = items[size];
            order[0] = order[size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int m = i;
                if (l < size && less(l, m)) {
                    m = l;
                }
                if (r < size && less(r, m)) {
                    m = r;
                }
                if (m == i) {
                    return top;
                }
                swap(i, m);
                i = m;
            }
        }

        private boolean less(int a, int b) {
            return keys[a] < keys[b] || (keys[a] == keys[b] && order[a] < order[b]);
        }

        private void swap(int a, int b) {
            float k = keys[a];
            keys[a] = keys[b];
            keys[b] = k;
            int it = items[a];
            items[a] = items[b];
            items[b] = it;
            long o = order[a];
            order[a] = order[b];
            order[b] = o;
        }
    }
}
