package io.pixelwise.eval;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Scores of a segmentation against ground truth over a set of images or volumes: per-class IoU and Dice pooled over
 * all pixels, Dice of the foreground (every class but background together), the relative error of each class's
 * area (2D) or volume (3D) per item, per item the Dice of each class, whether it was found (IoU above 0.5) where
 * present and whether nothing was predicted where absent (a scan without a tumour), and for instance outputs the
 * instance AP at IoU 0.5; for the headline scores a 95 % bootstrap interval over the items ({@link Bootstrap}). Used
 * by training validation and by evaluation alike.
 */
public final class SegmentationScores {

    /** A score of one item from its true, predicted and overlapping pixel counts of one class. */
    private interface ItemScore {
        double of(long truth, long predicted, long overlap);
    }

    /** 1 where the class was found in an item holding it (IoU above 0.5), else 0. */
    private static final ItemScore FOUND = (t, p, both) -> (double) both / (t + p - both) > 0.5 ? 1 : 0;
    /** 1 where none of the class was predicted, else 0. */
    private static final ItemScore NONE_PREDICTED = (t, p, both) -> p == 0 ? 1 : 0;
    /** Every item counted once: a score over the items as they are, not a resample. */
    private static final IntUnaryOperator ONCE = i -> 1;

    private final List<String> classes;
    private final ConfusionMatrix pooled;
    private final ConfusionMatrix foreground = new ConfusionMatrix(2);
    /** Per item, for each class and then the foreground: true, predicted and overlapping pixel counts. */
    private final List<long[]> itemCounts = new ArrayList<>();
    /** Per call of {@link #addInstances}: true positives, false positives, false negatives at IoU 0.5. */
    private final List<long[]> instanceCounts = new ArrayList<>();
    private final InstanceMatching matching = new InstanceMatching(InstanceMatching.STANDARD_THRESHOLDS);
    private boolean instances;
    private boolean volumes;

    public SegmentationScores(List<String> classes) {
        this.classes = List.copyOf(classes);
        pooled = new ConfusionMatrix(classes.size());
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
        long[] counts = new long[3 * (k + 1)];
        for (int c = 0; c < k; c++) {
            counts[3 * c] = item.truthCount(c);
            counts[3 * c + 1] = item.predictedCount(c);
            counts[3 * c + 2] = item.count(c, c);
        }
        counts[3 * k] = fg[1][0] + fg[1][1];
        counts[3 * k + 1] = fg[0][1] + fg[1][1];
        counts[3 * k + 2] = fg[1][1];
        itemCounts.add(counts);
        volumes |= truth.numDimensions() > 2 && truth.dimension(2) > 1;
    }

    /** Adds the instance labels of one 2D plane (or one volume, for 3D objects) to the instance matching counts. */
    public <A extends IntegerType<A>, B extends IntegerType<B>> void addInstances(
            RandomAccessibleInterval<A> truth, RandomAccessibleInterval<B> predicted) {
        long tp = matching.truePositives();
        long fp = matching.falsePositives();
        long fn = matching.falseNegatives();
        matching.add(truth, predicted);
        instanceCounts.add(new long[] {matching.truePositives() - tp, matching.falsePositives() - fp,
                matching.falseNegatives() - fn});
        instances = true;
    }

    public List<String> classes() {
        return classes;
    }

    public int items() {
        return itemCounts.size();
    }

    public double dice(int k) {
        return pooled.dice(k);
    }

    public double iou(int k) {
        return pooled.iou(k);
    }

    /** Mean Dice over the classes other than background (index 0). */
    public double meanDice() {
        return meanDice(ONCE);
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
        return meanSizeError(k, ONCE);
    }

    /** Mean over the items where class k is present of that item's Dice; NaN if never present. */
    public double meanItemDice(int k) {
        return meanItemDice(k, ONCE);
    }

    /** Share of the items where class k is present in which it was found: that item's IoU above 0.5. */
    public double foundRate(int k) {
        return foundRate(k, ONCE);
    }

    /** Share of the items without class k in which none was predicted either. */
    public double noneWhereAbsentRate(int k) {
        return tally(k, false, NONE_PREDICTED, ONCE).mean();
    }

    /** 95 % bootstrap interval over the items (see {@link Bootstrap}) of the pooled Dice of class k. */
    public double[] diceInterval(int k) {
        return Bootstrap.interval95(items(), w -> dice(k, i -> w[i]));
    }

    /** 95 % bootstrap interval of {@link #meanDice()}. */
    public double[] meanDiceInterval() {
        return Bootstrap.interval95(items(), w -> meanDice(i -> w[i]));
    }

    /**
     * 95 % bootstrap interval of the instance AP at IoU 0.5, resampling the planes (or volumes) given to
     * {@link #addInstances}: whole images, since the objects of one image are not independent.
     */
    public double[] instanceApInterval() {
        return Bootstrap.interval95(instanceCounts.size(), w -> {
            long tp = 0;
            long all = 0;
            for (int i = 0; i < w.length; i++) {
                long[] c = instanceCounts.get(i);
                tp += w[i] * c[0];
                all += w[i] * (c[0] + c[1] + c[2]);
            }
            return all == 0 ? Double.NaN : (double) tp / all;
        });
    }

    /** 95 % bootstrap interval of {@link #meanSizeError(int)}. */
    public double[] meanSizeErrorInterval(int k) {
        return Bootstrap.interval95(items(), w -> meanSizeError(k, i -> w[i]));
    }

    /** 95 % bootstrap interval of {@link #meanItemDice(int)}. */
    public double[] meanItemDiceInterval(int k) {
        return Bootstrap.interval95(items(), w -> meanItemDice(k, i -> w[i]));
    }

    /** 95 % bootstrap interval of {@link #foundRate(int)}. */
    public double[] foundRateInterval(int k) {
        return Bootstrap.interval95(items(), w -> foundRate(k, i -> w[i]));
    }

    /** A sum of an item score over items, and over how many (each counted as often as it was weighted). */
    private record Tally(double sum, long items) {
        double mean() {
            return items == 0 ? Double.NaN : sum / items;
        }
    }

    /**
     * {@code score} summed over the items where class k (k = the class count: the foreground) is present, or
     * absent. Item i counts {@code w(i)} times.
     */
    private Tally tally(int k, boolean present, ItemScore score, IntUnaryOperator w) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < itemCounts.size(); i++) {
            long[] c = itemCounts.get(i);
            int times = w.applyAsInt(i);
            if (times > 0 && (c[3 * k] > 0) == present) {
                sum += times * score.of(c[3 * k], c[3 * k + 1], c[3 * k + 2]);
                n += times;
            }
        }
        return new Tally(sum, n);
    }

    private double meanSizeError(int k, IntUnaryOperator w) {
        return tally(k, true, (t, p, both) -> Math.abs((double) p - t) / t, w).mean();
    }

    private double meanItemDice(int k, IntUnaryOperator w) {
        return tally(k, true, (t, p, both) -> 2.0 * both / (t + p), w).mean();
    }

    private double foundRate(int k, IntUnaryOperator w) {
        return tally(k, true, FOUND, w).mean();
    }

    /** Pooled Dice of class k (k = the class count: the foreground) with item i counted w(i) times. */
    private double dice(int k, IntUnaryOperator w) {
        long both = 0;
        long sizes = 0;
        for (int i = 0; i < itemCounts.size(); i++) {
            long[] c = itemCounts.get(i);
            int times = w.applyAsInt(i);
            both += times * c[3 * k + 2];
            sizes += times * (c[3 * k] + c[3 * k + 1]);
        }
        return sizes == 0 ? Double.NaN : 2.0 * both / sizes;
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

    /** "passing (percentage)" of a tally of a 0/1 score; empty over no items. */
    private static String share(Tally t) {
        return t.items() == 0 ? "" : String.format(Locale.ROOT, "%d (%.1f %%)", Math.round(t.sum()), 100 * t.mean());
    }

    /** Lower-upper bounds of an interval, as the score is printed ({@code percent}: as a percentage). */
    private static String range(double[] interval, boolean percent) {
        if (Double.isNaN(interval[0])) {
            return "";
        }
        return percent ? String.format(Locale.ROOT, "%.1f-%.1f %%", 100 * interval[0], 100 * interval[1])
                : String.format(Locale.ROOT, "%.3f-%.3f", interval[0], interval[1]);
    }

    /** A markdown table of every score, with 95 % bootstrap intervals over the items of the headline ones. */
    public String table() {
        String sizeWord = volumes ? "volume" : "area";
        int k = classes.size();
        StringBuilder sb = new StringBuilder("| class | Dice | 95 % interval | IoU | precision | recall | mean relative "
                + sizeWord + " error | 95 % interval |\n|---|---|---|---|---|---|---|---|\n");
        for (int c = 0; c < k; c++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %.3f | %.3f | %.3f | %.3f | %s |%n",
                    classes.get(c), dice(c), range(diceInterval(c), false), iou(c), precision(c), recall(c),
                    meanSizeError(c), range(meanSizeErrorInterval(c), false)));
        }
        sb.append(String.format(Locale.ROOT, "| foreground (all but background) | %.3f | %s | %.3f | | | | |%n",
                foregroundDice(), range(diceInterval(k), false), foregroundIou()));
        sb.append(String.format(Locale.ROOT, "%nmean Dice of the classes but background %.3f (95 %% interval %s)%n",
                meanDice(), range(meanDiceInterval(), false)));
        String item = volumes ? "volume" : "image";
        sb.append(String.format(Locale.ROOT, "%n| class, per %s | %ss with it | mean Dice per %s | 95 %% interval "
                + "| found (IoU > 0.5) | 95 %% interval | %ss without it | none predicted there |%n"
                + "|---|---|---|---|---|---|---|---|%n", item, item, item, item));
        for (int c = 1; c < k; c++) {
            Tally found = tally(c, true, FOUND, ONCE);
            Tally empty = tally(c, false, NONE_PREDICTED, ONCE);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %s | %s | %d | %s |%n", classes.get(c),
                    found.items(), meanItemDice(c), range(meanItemDiceInterval(c), false), share(found),
                    range(foundRateInterval(c), true), empty.items(), share(empty)));
        }
        sb.append(String.format(Locale.ROOT, "%n95 %% intervals: bootstrap over the %d %ss (%d resamples), how far "
                + "each score could move by the luck of which %ss were scored.%n", items(), item,
                Bootstrap.RESAMPLES, item));
        sb.append(String.format(Locale.ROOT, "%npixel accuracy %.3f (of little use alone: background dominates)%n",
                pixelAccuracy()));
        if (instances) {
            InstanceMatching m = matching;
            int i75 = m.indexOf(0.75);
            sb.append(String.format(Locale.ROOT, "%ninstance AP@0.5 = TP/(TP+FP+FN), pooled: **%.3f** (95 %% "
                    + "interval %s; TP %d, FP %d, FN %d; precision %.3f, recall %.3f, F1 %.3f, mean matched IoU "
                    + "%.3f, panoptic quality %.3f); AP@0.75 %.3f; mean AP over IoU 0.5:0.95 %.3f%n",
                    m.averagePrecision(0), range(instanceApInterval(), false), m.truePositives(0),
                    m.falsePositives(0), m.falseNegatives(0), m.precision(0), m.recall(0), m.f1(0),
                    m.meanMatchedIou(0), m.panopticQuality(0), m.averagePrecision(i75), m.meanAveragePrecision()));
            sb.append(apTable(m));
        }
        return sb.toString();
    }

    /** A score of a set of items, each item i counted w(i) times. */
    private interface Weighted {
        double of(SegmentationScores s, IntUnaryOperator w);
    }

    private double meanDice(IntUnaryOperator w) {
        double sum = 0;
        for (int c = 1; c < classes.size(); c++) {
            sum += dice(c, w);
        }
        return sum / (classes.size() - 1);
    }

    /**
     * This set's headline scores against {@code base}'s on the same items in the same order (two models on one
     * validation split), with a 95 % interval of each difference from resampling the items in pairs: a difference
     * whose interval holds 0 is one these items cannot tell from luck. A markdown table.
     */
    public String comparisonTable(SegmentationScores base, String baseName, String name) {
        if (!classes.equals(base.classes) || items() != base.items()) {
            throw new IllegalArgumentException("only scores of the same classes on the same items compare: "
                    + baseName + " has " + base.items() + " item(s) of " + base.classes + ", " + name + " "
                    + items() + " of " + classes);
        }
        Map<String, Weighted> scores = new LinkedHashMap<>();
        if (classes.size() > 2) {    // with one class but background both are that class's Dice
            scores.put("mean Dice (classes but background)", SegmentationScores::meanDice);
            scores.put("foreground Dice", (s, w) -> s.dice(classes.size(), w));
        }
        String item = volumes ? "volume" : "image";
        for (int c = 1; c < classes.size(); c++) {
            int k = c;
            scores.put(classes.get(c) + ": Dice", (s, w) -> s.dice(k, w));
            scores.put(classes.get(c) + ": mean Dice per " + item, (s, w) -> s.meanItemDice(k, w));
            scores.put(classes.get(c) + ": mean relative " + (volumes ? "volume" : "area") + " error",
                    (s, w) -> s.meanSizeError(k, w));
            scores.put(classes.get(c) + ": found (IoU > 0.5)", (s, w) -> s.foundRate(k, w));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| score | %s | %s | difference | 95 %% "
                + "interval of the difference |%n|---|---|---|---|---|%n", baseName, name));
        scores.forEach((label, score) -> {
            double[] interval = Bootstrap.interval95(items(), w -> score.of(this, i -> w[i])
                    - score.of(base, i -> w[i]));
            double a = score.of(base, ONCE);
            double b = score.of(this, ONCE);
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f | %s |%n", label, a, b, b - a,
                    Double.isNaN(interval[0]) ? "" : String.format(Locale.ROOT, "%+.4f to %+.4f", interval[0],
                            interval[1])));
        });
        sb.append(String.format(Locale.ROOT, "%nPaired bootstrap over the %d %ss (%d resamples).%n", items(), item,
                Bootstrap.RESAMPLES));
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
