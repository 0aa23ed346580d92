package io.pixelwise.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The distance from each point to its nearest other point (objects' centroids: how crowded each nucleus is). Points
 * are swept in order of x, each looking outwards until the x gap alone exceeds the nearest distance found, so
 * spread-out points cost far less than all pairs.
 */
public final class NearestNeighbours {

    private NearestNeighbours() {
    }

    /**
     * @param x each point's x, in the same unit as y and z
     * @param y each point's y
     * @param z each point's z (all 0 for points in a plane)
     * @return the distance from each point to the nearest other one; NaN where there is no other
     */
    public static double[] distances(double[] x, double[] y, double[] z) {
        int n = x.length;
        if (y.length != n || z.length != n) {
            throw new IllegalArgumentException(n + " x, " + y.length + " y and " + z.length + " z coordinates");
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> x[i]))
                .toArray(Integer[]::new);
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int a = 0; a < n; a++) {
            int i = order[a];
            for (int step : new int[] {1, -1}) {                // outwards along x, both ways
                for (int b = a + step; b >= 0 && b < n; b += step) {
                    int j = order[b];
                    double dx = x[j] - x[i];
                    if (dx * dx >= best[i]) {
                        break;                               // every point beyond is farther along x alone
                    }
                    double d = dx * dx + (y[j] - y[i]) * (y[j] - y[i]) + (z[j] - z[i]) * (z[j] - z[i]);
                    best[i] = Math.min(best[i], d);
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Double.isInfinite(best[i]) ? Double.NaN : Math.sqrt(best[i]);
        }
        return out;
    }

    /**
     * For each row, the distance from its point to the nearest other row's point in the same group (objects: on the
     * same plane, or at the same time point); NaN where it is alone in its group.
     */
    public static <R> double[] withinGroups(List<R> rows, Function<R, ?> group, Function<R, double[]> point) {
        double[] out = new double[rows.size()];
        Map<Object, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            members.computeIfAbsent(group.apply(rows.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> m : members.values()) {
            double[][] xyz = new double[3][m.size()];
            for (int k = 0; k < m.size(); k++) {
                double[] p = point.apply(rows.get(m.get(k)));
                for (int d = 0; d < 3; d++) {
                    xyz[d][k] = p[d];
                }
            }
            double[] d = distances(xyz[0], xyz[1], xyz[2]);
            for (int k = 0; k < m.size(); k++) {
                out[m.get(k)] = d[k];
            }
        }
        return out;
    }
}
