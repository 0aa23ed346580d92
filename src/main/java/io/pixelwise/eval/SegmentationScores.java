package io.pixelwise.eval;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import java.util.List;
import java.util.Locale;

/**
 * Scores of a segmentation against ground truth over a set of images or volumes: per-class IoU and Dice pooled over
 * all pixels, Dice of the foreground (every class but background together), the relative error of each class's
 * area (2D) or volume (3D) per item, and for instance outputs the instance AP at IoU 0.5. Used by training
 * validation and by evaluation alike.
 */
public final class SegmentationScores {

    private final List<String> classes;
    private final ConfusionMatrix pooled;
    private final ConfusionMatrix foreground = new ConfusionMatrix(2);
    private final double[] sizeErrorSum;
    private final int[] sizeErrorCount;
    private final InstanceMatching ap50 = new InstanceMatching(0.5);
    private int items;
    private boolean instances;
    private boolean volumes;

    public SegmentationScores(List<String> classes) {
        this.classes = List.copyOf(classes);
        pooled = new ConfusionMatrix(classes.size());
        sizeErrorSum = new double[classes.size()];
        sizeErrorCount = new int[classes.size()];
    }

    /** Adds one image or volume: class images of the same size, any number of dimensions. */
    public <A extends IntegerType<A>, B extends IntegerType<B>> void add(RandomAccessibleInterval<A> truth,
                                                                         RandomAccessibleInterval<B> predicted) {
        ConfusionMatrix item = new ConfusionMatrix(classes.size());
        item.add(truth, predicted);
        pooled.add(item);
        int k = classes.size();
        long[][] fg = new long[2][2];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                fg[a == 0 ? 0 : 1][b == 0 ? 0 : 1] += item.count(a, b);
            }
        }
        foreground.add(fg);
        for (int c = 0; c < k; c++) {
            long t = item.truthCount(c);
            if (t > 0) {
                sizeErrorSum[c] += Math.abs((double) item.predictedCount(c) - t) / t;
                sizeErrorCount[c]++;
            }
        }
        items++;
        volumes |= truth.numDimensions() > 2 && truth.dimension(2) > 1;
    }

    /** Adds the instance labels of one 2D plane (or one volume, for 3D objects) to the AP@0.5 counts. */
    public <A extends IntegerType<A>, B extends IntegerType<B>> void addInstances(
            RandomAccessibleInterval<A> truth, RandomAccessibleInterval<B> predicted) {
        ap50.add(truth, predicted);
        instances = true;
    }

    public List<String> classes() {
        return classes;
    }

    public int items() {
        return items;
    }

    public double dice(int k) {
        return pooled.dice(k);
    }

    public double iou(int k) {
        return pooled.iou(k);
    }

    /** Mean Dice over the classes other than background (index 0). */
    public double meanDice() {
        double sum = 0;
        for (int k = 1; k < classes.size(); k++) {
            sum += pooled.dice(k);
        }
        return sum / (classes.size() - 1);
    }

    /** Dice of all non-background classes together against background. */
    public double foregroundDice() {
        return foreground.dice(1);
    }

    public double foregroundIou() {
        return foreground.iou(1);
    }

    /** Mean over items where class k is present of |predicted size - true size| / true size; NaN if never present. */
    public double meanSizeError(int k) {
        return sizeErrorCount[k] == 0 ? Double.NaN : sizeErrorSum[k] / sizeErrorCount[k];
    }

    public boolean hasInstances() {
        return instances;
    }

    public InstanceMatching instanceMatching() {
        return ap50;
    }

    /** Whether any item was a volume (so sizes are volumes, not areas). */
    public boolean volumes() {
        return volumes;
    }

    /** A markdown table of every score. */
    public String table() {
        String sizeWord = volumes ? "volume" : "area";
        StringBuilder sb = new StringBuilder("| class | Dice | IoU | mean relative " + sizeWord + " error |\n"
                + "|---|---|---|---|\n");
        for (int k = 0; k < classes.size(); k++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", classes.get(k), dice(k), iou(k),
                    meanSizeError(k)));
        }
        sb.append(String.format(Locale.ROOT, "| foreground (all but background) | %.3f | %.3f | |%n",
                foregroundDice(), foregroundIou()));
        if (instances) {
            sb.append(String.format(Locale.ROOT, "%ninstance AP@0.5 = TP/(TP+FP+FN), pooled: **%.3f** "
                    + "(TP %d, FP %d, FN %d)%n", ap50.averagePrecision(), ap50.truePositives(),
                    ap50.falsePositives(), ap50.falseNegatives()));
        }
        return sb.toString();
    }
}
