package io.pixelwise.eval;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches predicted to true instances by IoU. Above an IoU threshold of 0.5 a match is necessarily one-to-one,
 * so no assignment problem arises there. Counts accumulate over images; the score is the Data Science Bowl /
 * StarDist "average precision" TP / (TP + FP + FN) on the pooled counts.
 */
public final class InstanceMatching {

    private final double threshold;
    private long tp;
    private long fp;
    private long fn;

    public InstanceMatching(double threshold) {
        if (threshold < 0.5 || threshold >= 1) {
            throw new IllegalArgumentException("IoU threshold must be in [0.5, 1) for unique matching, was "
                    + threshold);
        }
        this.threshold = threshold;
    }

    public <A extends IntegerType<A>, B extends IntegerType<B>> void add(RandomAccessibleInterval<A> truth,
                                                                         RandomAccessibleInterval<B> predicted) {
        if (!Intervals.equalDimensions(truth, predicted)) {
            throw new IllegalArgumentException("ground truth " + Intervals.toString(truth)
                    + " and prediction " + Intervals.toString(predicted) + " differ in size");
        }
        Map<Integer, Long> trueArea = new HashMap<>();
        Map<Integer, Long> predArea = new HashMap<>();
        Map<Long, Long> overlap = new HashMap<>();
        Cursor<A> t = Views.flatIterable(truth).cursor();
        Cursor<B> p = Views.flatIterable(predicted).cursor();
        while (t.hasNext()) {
            int a = t.next().getInteger();
            int b = p.next().getInteger();
            if (a != 0) {
                trueArea.merge(a, 1L, Long::sum);
            }
            if (b != 0) {
                predArea.merge(b, 1L, Long::sum);
            }
            if (a != 0 && b != 0) {
                overlap.merge(((long) a << 32) | (b & 0xffffffffL), 1L, Long::sum);
            }
        }
        long matched = 0;
        for (Map.Entry<Long, Long> e : overlap.entrySet()) {
            int a = (int) (e.getKey() >>> 32);
            int b = (int) (long) e.getKey();
            long inter = e.getValue();
            double iou = (double) inter / (trueArea.get(a) + predArea.get(b) - inter);
            if (iou > threshold) {
                matched++;
            }
        }
        tp += matched;
        fp += predArea.size() - matched;
        fn += trueArea.size() - matched;
    }

    public long truePositives() {
        return tp;
    }

    public long falsePositives() {
        return fp;
    }

    public long falseNegatives() {
        return fn;
    }

    /** TP / (TP + FP + FN); 1 when there is nothing to find and nothing was found. */
    public double averagePrecision() {
        long all = tp + fp + fn;
        return all == 0 ? 1 : (double) tp / all;
    }
}
