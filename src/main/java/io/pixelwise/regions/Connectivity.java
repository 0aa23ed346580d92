package io.pixelwise.regions;

/** Which neighbours touch: FACE shares a side (4 in 2D, 6 in 3D), FULL also corners (8 in 2D, 26 in 3D). */
public enum Connectivity {
    FACE, FULL;

    /** Neighbour offsets in {@code n} dimensions, each an n-vector of -1/0/1, the centre left out. */
    int[][] offsets(int n) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int total = (int) Math.pow(3, n);
        for (int code = 0; code < total; code++) {
            int[] o = new int[n];
            int c = code;
            int nonZero = 0;
            for (int d = 0; d < n; d++) {
                o[d] = c % 3 - 1;
                c /= 3;
                nonZero += o[d] != 0 ? 1 : 0;
            }
            if (nonZero == 1 || (this == FULL && nonZero > 1)) {
                out.add(o);
            }
        }
        return out.toArray(new int[0][]);
    }
}
