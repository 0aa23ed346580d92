package io.pixelwise.measure;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearestNeighboursTest {

    /** Against all pairs, on clustered and spread points in 2D and 3D, with repeated x values. */
    @Test
    void eachPointsNearestDistanceIsTheSmallestOverAllOthers() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(200);
            double[] x = new double[n];
            double[] y = new double[n];
            double[] z = new double[n];
            boolean flat = trial % 2 == 0;
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(trial % 3 == 0 ? 5 : 1000) * 0.5;          // many equal x on some trials
                y[i] = random.nextGaussian() * (trial % 5 + 1);
                z[i] = flat ? 0 : random.nextDouble() * 10;
            }
            double[] d = NearestNeighbours.distances(x, y, z);
            for (int i = 0; i < n; i++) {
                double best = Double.NaN;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double e = Math.sqrt((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j])
                                + (z[i] - z[j]) * (z[i] - z[j]));
                        best = Double.isNaN(best) ? e : Math.min(best, e);
                    }
                }
                if (n == 1) {
                    assertTrue(Double.isNaN(d[i]), "a lone point has no neighbour");
                } else {
                    assertEquals(best, d[i], 1e-12, "trial " + trial + ", point " + i);
                }
            }
        }
    }

    /** Points are only neighbours within their group: two groups side by side do not see each other. */
    @Test
    void neighboursAreSoughtWithinEachGroupOnly() {
        record P(String group, double x, double y) {
        }
        java.util.List<P> rows = java.util.List.of(new P("a", 0, 0), new P("b", 0, 1), new P("a", 3, 4),
                new P("b", 0, 3), new P("c", 9, 9));
        double[] d = NearestNeighbours.withinGroups(rows, P::group, p -> new double[] {p.x(), p.y(), 0});
        assertEquals(5, d[0], 1e-12);
        assertEquals(2, d[1], 1e-12, "its group's other point, not group a's at distance 1");
        assertEquals(5, d[2], 1e-12);
        assertEquals(2, d[3], 1e-12);
        assertTrue(Double.isNaN(d[4]), "alone in its group");
    }
}
