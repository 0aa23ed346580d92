package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.progress.Progress;

import java.util.Locale;

/**
 * Measure Regions with a ring around each region against Measure Regions without, on the same labels and intensity
 * image in one JVM: the bundled sample's annotated nuclei and image tiled 8 x 8 into 2048 x 2048 (5248 nuclei).
 * Usage: {@code RingBenchmark [RING_PX ...]} (default 3 10); prints a Markdown table, median of 5 runs after a
 * warm-up.
 */
public final class RingBenchmark {

    public static void main(String[] args) {
        ImagePlus image = IJ.openImage("models/nuclei-fluo/samples/dsb2018-04acab76.png");
        ImagePlus labels = IJ.openImage("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");
        ImagePlus bigLabels = IJ.createImage("labels", "16-bit black", 2048, 2048, 1);
        ImagePlus bigImage = IJ.createImage("image", "8-bit black", 2048, 2048, 1);
        int objects = (int) labels.getStatistics().max;
        for (int ty = 0; ty < 8; ty++) {
            for (int tx = 0; tx < 8; tx++) {
                var tile = labels.getProcessor().convertToShort(false);
                int first = (ty * 8 + tx) * objects;                 // every tile's nuclei numbered on
                for (int i = 0; i < tile.getPixelCount(); i++) {
                    tile.set(i, tile.get(i) == 0 ? 0 : tile.get(i) + first);
                }
                bigLabels.getProcessor().insert(tile, tx * 256, ty * 256);
                bigImage.getProcessor().insert(image.getProcessor(), tx * 256, ty * 256);
            }
        }
        double[] rings = args.length == 0 ? new double[] {3, 10}
                : java.util.Arrays.stream(args).mapToDouble(Double::parseDouble).toArray();
        double plain = time(bigLabels, bigImage, 0);
        System.out.printf(Locale.ROOT, "| Measure Regions, 2048 x 2048, %d nuclei | median s | x without a ring |%n"
                + "|---|---|---|%n| without a ring | %.2f | 1.00 |%n", 64 * objects, plain);
        for (double ring : rings) {
            double s = time(bigLabels, bigImage, ring);
            System.out.printf(Locale.ROOT, "| ring of %.0f px | %.2f | %.2f |%n", ring, s, s / plain);
        }
    }

    private static double time(ImagePlus labels, ImagePlus image, double ring) {
        RegionMeasurement.measure(labels, image, null, ring, Progress.NONE);
        double[] runs = new double[5];
        for (int r = 0; r < runs.length; r++) {
            long t0 = System.nanoTime();
            RegionMeasurement.measure(labels, image, null, ring, Progress.NONE);
            runs[r] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    private RingBenchmark() {
    }
}
