package io.pixelwise.eval;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap over the items of a test set: how far a score could move by the luck of which images or
 * volumes were held out, so that a model's score can be told from an aim or from another model's score. Each
 * resample draws as many items as there are, with replacement, from a fixed seed (the same set gives the same
 * interval every time).
 */
public final class Bootstrap {

    public static final int RESAMPLES = 10_000;
    private static final long SEED = 1;

    private Bootstrap() {
    }

    /**
     * The central 95 % interval of {@code score} over resamples of {@code items} items. The score is given each
     * item's count in the resample (0, 1, 2, ...; all 1 would give the score itself). Resamples whose score is NaN
     * (say, no item holding a class) are left out; NaN, NaN when there are no items or every resample is NaN.
     */
    public static double[] interval95(int items, ToDoubleFunction<int[]> score) {
        if (items == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Random random = new Random(SEED);
        double[] scores = new double[RESAMPLES];
        int n = 0;
        int[] counts = new int[items];
        for (int r = 0; r < RESAMPLES; r++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < items; i++) {
                counts[random.nextInt(items)]++;
            }
            double s = score.applyAsDouble(counts);
            if (!Double.isNaN(s)) {
                scores[n++] = s;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Arrays.sort(scores, 0, n);
        return new double[] {scores[n / 40], scores[n - 1 - n / 40]};
    }

    /** The central 95 % interval of the mean of {@code values}. */
    public static double[] meanInterval95(double[] values) {
        return interval95(values.length, counts -> {
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += counts[i] * values[i];
            }
            return sum / values.length;
        });
    }
}
