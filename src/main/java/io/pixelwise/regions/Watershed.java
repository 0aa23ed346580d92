package io.pixelwise.regions;

import java.util.Arrays;

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
     * Splits every object of a label image.
     *
     * @param labels  object ids, 0 = background, flat with the first axis fastest (not modified)
     * @param spacing pixel size per axis (calibration), so distances are true distances
     * @param h       minimal depth, in calibrated units, of the neck between two parts for them to be split
     */
    public static Split split(int[] labels, int[] dims, double[] spacing, double h, Connectivity connectivity) {
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
        for (int p = 0; p < seeds.length; p++) {
            if (seeds[p] > 0) {
                origin[seeds[p] - 1] = labels[p];
            }
        }
        float[] elevation = new float[distance.length];
        for (int p = 0; p < elevation.length; p++) {
            elevation[p] = -distance[p];
        }
        flood(elevation, seeds, labels, grid);
        return new Split(seeds, origin);
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
