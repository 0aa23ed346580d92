package io.pixelwise.eval;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    /** 0, 1, ..., 99: mean 49.5, standard error 28.87 / 10, so the normal theory's 95 % interval is 49.5 +- 5.66. */
    @Test
    void intervalOfAMeanMatchesTheStandardError() {
        double[] values = IntStream.range(0, 100).asDoubleStream().toArray();
        double[] interval = Bootstrap.meanInterval95(values);
        assertTrue(interval[0] < 49.5 && 49.5 < interval[1], interval[0] + "-" + interval[1]);
        assertEquals(2 * 1.96 * 2.8866, interval[1] - interval[0], 0.8);
        assertEquals(49.5, (interval[0] + interval[1]) / 2, 0.6, "about symmetric");
        assertArrayEquals(interval, Bootstrap.meanInterval95(values), "a fixed seed: the same interval every time");
    }

    @Test
    void identicalItemsLeaveNoDoubt() {
        assertArrayEquals(new double[] {0.8, 0.8}, Bootstrap.meanInterval95(new double[] {0.8, 0.8, 0.8}), 1e-12);
    }

    @Test
    void resamplesWithoutAScoreAreLeftOut() {
        // The score exists only when item 0 is drawn (about 1 - (1 - 1/3)^3 = 70 % of resamples); then it is 1.
        double[] interval = Bootstrap.interval95(3, w -> w[0] > 0 ? 1 : Double.NaN);
        assertArrayEquals(new double[] {1, 1}, interval);
        double[] none = Bootstrap.interval95(3, w -> Double.NaN);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
        assertTrue(Double.isNaN(Bootstrap.meanInterval95(new double[0])[0]));
    }
}
