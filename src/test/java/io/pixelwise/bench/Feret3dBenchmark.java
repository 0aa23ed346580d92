package io.pixelwise.bench;

import io.pixelwise.measure.Calibration;
import io.pixelwise.measure.Measurements;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the 3D Feret diameter costs Measure Regions' core on its worst case, a ball (every pair of opposite slices
 * could hold the diameter): a ball of N voxels across measured as one 3D object, against the same voxels with each
 * slice's disc numbered as an object of its own (the same outlines, calipers and sums, one slice per object, so no
 * search over pairs of slices). Usage: {@code Feret3dBenchmark [N ...]} (default 200 400); prints a Markdown table,
 * median of 3 runs after a warm-up.
 */
public final class Feret3dBenchmark {

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {200, 400}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("| ball, voxels across | per-slice objects, median s | one 3D object, median s | x "
                + "| Feret 3D |");
        System.out.println("|---|---|---|---|---|");
        for (int n : sizes) {
            int[] ball = new int[n * n * n];
            int[] discs = new int[n * n * n];
            double r = n / 2.0 - 2;
            for (int z = 0; z < n; z++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double dx = x + 0.5 - n / 2.0;
                        double dy = y + 0.5 - n / 2.0;
                        double dz = z + 0.5 - n / 2.0;
                        if (dx * dx + dy * dy + dz * dz <= r * r) {
                            ball[(z * n + y) * n + x] = 1;
                            discs[(z * n + y) * n + x] = z + 1;
                        }
                    }
                }
            }
            double[] plain = time(discs, n);
            double[] volume = time(ball, n);
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f |%n", n, plain[0], volume[0],
                    volume[0] / plain[0], volume[1]);
        }
    }

    /** Median seconds of 3 runs after a warm-up, and the first object's 3D Feret diameter. */
    private static double[] time(int[] labels, int n) {
        var img = Views.addDimension(ArrayImgs.ints(labels, n, n, n), 0, 0);
        Calibration cal = new Calibration(1, 1, 1, "pixel");
        double feret = Measurements.objects(img, null, cal, Connectivity.FULL, Progress.NONE).volumes().get(0)
                .feret3d();
        double[] runs = new double[3];
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            Measurements.objects(img, null, cal, Connectivity.FULL, Progress.NONE);
            runs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(runs);
        return new double[] {runs[1], feret};
    }

    private Feret3dBenchmark() {
    }
}
