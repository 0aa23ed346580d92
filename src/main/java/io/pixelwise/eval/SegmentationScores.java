package io.pixelwise.eval;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import java.util.List;
import java.util.Locale;

/**
 * Scores of a segmentation against ground truth over a set of images or volumes: per-class IoU and Dice pooled over
 * all pixels, Dice of the foreground (every class but background together), the relative error of each class's
 * area (2D) or volume (3D) per item, per item the Dice of each class, whether it was found (IoU above 0.5) where
 * present and whether nothing was predicted where absent (a scan without a tumour), and for instance outputs the
 * instance AP at IoU 0.5. Used by training validation and by evaluation alike.
 */
public final class SegmentationScores {

    private final List<String> classes;
    private final ConfusionMatrix pooled;
    private final ConfusionMatrix foreground = new ConfusionMatrix(2);
    private final double[] sizeErrorSum;
    private final int[] sizeErrorCount;
    private final int[] present;
    private final double[] itemDiceSum;
    private final int[] found;
    private final int[] absent;
    private final int[] absentAndNonePredicted;
    private final InstanceMatching matching = new InstanceMatching(InstanceMatching.STANDARD_THRESHOLDS);
    private int items;
    private boolean instances;
    private boolean volumes;

    public SegmentationScores(List<String> classes) {
        this.classes = List.copyOf(classes);
        pooled = new ConfusionMatrix(classes.size());
        sizeErrorSum = new double[classes.size()];
        sizeErrorCount = new int[classes.size()];
        present = new int[classes.size()];
        itemDiceSum = new double[classes.size()];
        found = new int[classes.size()];
        absent = new int[classes.size()];
        absentAndNonePredicted = new int[classes.size()];
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
            long p = item.predictedCount(c);
            long both = item.count(c, c);
            if (t > 0) {
                sizeErrorSum[c] += Math.abs((double) p - t) / t;
                sizeErrorCount[c]++;
                present[c]++;
                itemDiceSum[c] += 2.0 * both / (t + p);
                found[c] += (double) both / (t + p - both) > 0.5 ? 1 : 0;
            } else {
                absent[c]++;
                absentAndNonePredicted[c] += p == 0 ? 1 : 0;
            }
        }
        items++;
        volumes |= truth.numDimensions() > 2 && truth.dimension(2) > 1;
    }

    /** Adds the instance labels of one 2D plane (or one volume, for 3D objects) to the instance matching counts. */
    public <A extends IntegerType<A>, B extends IntegerType<B>> void addInstances(
            RandomAccessibleInterval<A> truth, RandomAccessibleInterval<B> predicted) {
        matching.add(truth, predicted);
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

    /** Mean over the items where class k is present of that item's Dice; NaN if never present. */
    public double meanItemDice(int k) {
        return present[k] == 0 ? Double.NaN : itemDiceSum[k] / present[k];
    }

    /** Share of the items where class k is present in which it was found: that item's IoU above 0.5. */
    public double foundRate(int k) {
        return present[k] == 0 ? Double.NaN : (double) found[k] / present[k];
    }

    /** Share of the items without class k in which none was predicted either. */
    public double noneWhereAbsentRate(int k) {
        return absent[k] == 0 ? Double.NaN : (double) absentAndNonePredicted[k] / absent[k];
    }

    public boolean hasInstances() {
        return instances;
    }

    /** Instance matching at IoU 0.5, 0.55, ..., 0.95 (index 0 is 0.5). */
    public InstanceMatching instanceMatching() {
        return matching;
    }

    public double precision(int k) {
        return pooled.precision(k);
    }

    public double recall(int k) {
        return pooled.recall(k);
    }

    /** Share of pixels given their true class: reported, never alone. */
    public double pixelAccuracy() {
        return pooled.accuracy();
    }

    /** Whether any item was a volume (so sizes are volumes, not areas). */
    public boolean volumes() {
        return volumes;
    }

    private static String share(int n, int of) {
        return of == 0 ? "" : String.format(Locale.ROOT, "%d (%.1f %%)", n, 100.0 * n / of);
    }

    /** A markdown table of every score. */
    public String table() {
        String sizeWord = volumes ? "volume" : "area";
        StringBuilder sb = new StringBuilder("| class | Dice | IoU | precision | recall | mean relative " + sizeWord
                + " error |\n|---|---|---|---|---|---|\n");
        for (int k = 0; k < classes.size(); k++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n", classes.get(k), dice(k),
                    iou(k), precision(k), recall(k), meanSizeError(k)));
        }
        sb.append(String.format(Locale.ROOT, "| foreground (all but background) | %.3f | %.3f | | | |%n",
                foregroundDice(), foregroundIou()));
        String item = volumes ? "volume" : "image";
        sb.append(String.format(Locale.ROOT, "%n| class, per %s | %ss with it | mean Dice per %s | found (IoU > 0.5) "
                + "| %ss without it | none predicted there |%n|---|---|---|---|---|---|%n", item, item, item, item));
        for (int k = 1; k < classes.size(); k++) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %d | %s |%n", classes.get(k), present[k],
                    meanItemDice(k), share(found[k], present[k]), absent[k],
                    share(absentAndNonePredicted[k], absent[k])));
        }
        sb.append(String.format(Locale.ROOT, "%npixel accuracy %.3f (of little use alone: background dominates)%n",
                pixelAccuracy()));
        if (instances) {
            InstanceMatching m = matching;
            int i75 = m.indexOf(0.75);
            sb.append(String.format(Locale.ROOT, "%ninstance AP@0.5 = TP/(TP+FP+FN), pooled: **%.3f** "
                    + "(TP %d, FP %d, FN %d; precision %.3f, recall %.3f, mean matched IoU %.3f); AP@0.75 %.3f; "
                    + "mean AP over IoU 0.5:0.95 %.3f%n", m.averagePrecision(0), m.truePositives(0),
                    m.falsePositives(0), m.falseNegatives(0), m.precision(0), m.recall(0), m.meanMatchedIou(0),
                    m.averagePrecision(i75), m.meanAveragePrecision()));
            sb.append(apTable(m));
        }
        return sb.toString();
    }

    /** AP at each IoU threshold, one markdown row. */
    static String apTable(InstanceMatching m) {
        StringBuilder head = new StringBuilder("\n| IoU threshold |");
        StringBuilder rule = new StringBuilder("|---|");
        StringBuilder row = new StringBuilder("| AP |");
        for (int i = 0; i < m.thresholds().length; i++) {
            head.append(String.format(Locale.ROOT, " %.2f |", m.thresholds()[i]));
            rule.append("---|");
            row.append(String.format(Locale.ROOT, " %.3f |", m.averagePrecision(i)));
        }
        return head + "\n" + rule + "\n" + row + "\n";
    }
}
