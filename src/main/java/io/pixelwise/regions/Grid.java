package io.pixelwise.regions;

/**
 * An n-dimensional pixel grid stored flat (first axis fastest), and the neighbours of a pixel under a
 * connectivity: the index arithmetic the region algorithms share.
 */
final class Grid {

    final int[] dims;
    final int size;
    private final int[] strides;
    private final int[][] offsets;
    private final int[] linear;
    private final int[] pos;

    Grid(int[] dims, Connectivity connectivity) {
        this.dims = dims.clone();
        this.strides = new int[dims.length];
        long s = 1;
        for (int d = 0; d < dims.length; d++) {
            strides[d] = (int) s;
            s *= dims[d];
        }
        if (s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large for region algorithms: " + s + " pixels");
        }
        this.size = (int) s;
        this.offsets = connectivity.offsets(dims.length);
        this.linear = new int[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            for (int d = 0; d < dims.length; d++) {
                linear[i] += offsets[i][d] * strides[d];
            }
        }
        this.pos = new int[dims.length];
    }

    /** Number of neighbours a pixel can have. */
    int maxNeighbours() {
        return offsets.length;
    }

    /** Writes the indices of p's neighbours inside the grid to {@code out}; returns how many. Not thread-safe. */
    int neighbours(int p, int[] out) {
        for (int d = 0, r = p; d < dims.length; d++) {
            pos[d] = r % dims[d];
            r /= dims[d];
        }
        int n = 0;
        for (int i = 0; i < offsets.length; i++) {
            boolean inside = true;
            for (int d = 0; d < dims.length && inside; d++) {
                int v = pos[d] + offsets[i][d];
                inside = v >= 0 && v < dims[d];
            }
            if (inside) {
                out[n++] = p + linear[i];
            }
        }
        return n;
    }

    /** Neighbours that come before p in flat order (a raster scan has already visited them). */
    int earlierNeighbours(int p, int[] out) {
        int n = neighbours(p, out);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] < p) {
                out[k++] = out[i];
            }
        }
        return k;
    }

    /** Neighbours that come after p in flat order. */
    int laterNeighbours(int p, int[] out) {
        int n = neighbours(p, out);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] > p) {
                out[k++] = out[i];
            }
        }
        return k;
    }
}
