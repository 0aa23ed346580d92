package io.pixelwise.bench;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Percentile normalisation statistics of a 32-bit stack (a float image, or 8/16-bit values through a calibration
 * function): {@link Normalizer#fit}'s radix selection against the baseline it replaced, sorting a copy of the values,
 * on the same values in one JVM; checks both give the same range. Usage: {@code PercentileBenchmark [PLANES]}
 * (2048 x 2048 planes, default 8); prints a Markdown table, best of 3 runs each.
 */
public final class PercentileBenchmark {

    public static void main(String[] args) {
        int planes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        float[] v = new float[2048 * 2048 * planes];
        Random r = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 300 + 1000);
        }
        var img = ArrayImgs.floats(v, 2048, 2048, planes);
        ModelDescriptor.Normalization spec = ModelDescriptor.Normalization.percentile(1, 99.8);
        double selection = Double.MAX_VALUE;
        double sorting = Double.MAX_VALUE;
        Normalizer fitted = null;
        double[] sorted = null;
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            fitted = Normalizer.fit(spec, img);
            long t1 = System.nanoTime();
            float[] copy = v.clone();
            Arrays.sort(copy);
            sorted = new double[] {percentile(copy, 1), percentile(copy, 99.8)};
            long t2 = System.nanoTime();
            selection = Math.min(selection, (t1 - t0) / 1e9);
            sorting = Math.min(sorting, (t2 - t1) / 1e9);
        }
        boolean same = Math.abs(fitted.apply(sorted[0])) < 1e-6 && Math.abs(fitted.apply(sorted[1]) - 1) < 1e-6;
        System.out.printf(Locale.ROOT, "| %d x 2048 x 2048 float values (%.0f MiB) | seconds | x radix selection | "
                + "extra memory |%n|---|---|---|---|%n", planes, v.length * 4 / 1048576.0);
        System.out.printf(Locale.ROOT, "| radix selection (Normalizer.fit) | %.2f | 1.00 | at most 5 x 65 536 counts, 2.5 MiB |%n",
                selection);
        System.out.printf(Locale.ROOT, "| sorting a copy (before) | %.2f | %.1f | a copy, %.0f MiB |%n", sorting,
                sorting / selection, v.length * 4 / 1048576.0);
        System.out.println(same ? "same 1st and 99.8th percentiles" : "DIFFERENT percentiles");
    }

    private static double percentile(float[] sorted, double p) {
        double pos = p / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] * (1 - (pos - i)) + sorted[j] * (pos - i);
    }

    private PercentileBenchmark() {
    }
}
