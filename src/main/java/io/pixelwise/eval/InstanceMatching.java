package io.pixelwise.eval;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches predicted to true instances by IoU, at several IoU thresholds in one pass over the pixels. A pair matches
 * at threshold τ when its IoU exceeds τ (the Data Science Bowl 2018 definition). From τ = 0.5 on, an object can
 * overlap at most one other object by more than half of their union, so matches are one-to-one by construction and
 * the maximal matching is simply every pair above τ. Counts accumulate over images; the score is the DSB / StarDist
 * "average precision" TP / (TP + FP + FN) on the pooled counts, with precision TP / (TP + FP), recall
 * TP / (TP + FN), F1, the mean IoU of the matched pairs and the panoptic quality (Kirillov et al. 2019) next to it,
 * as StarDist's {@code matching} reports them.
 */
public final class InstanceMatching {

    /** 0.50, 0.55, ..., 0.95, the thresholds the DSB 2018 score averages over. */
    public static final double[] STANDARD_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    private final double[] thresholds;
    private final long[] tp;
    private final long[] fp;
    private final long[] fn;
    private final double[] matchedIouSum;

    public InstanceMatching(double... thresholds) {
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("no IoU threshold given");
        }
        for (double t : thresholds) {
            if (t < 0.5 || t >= 1) {
                throw new IllegalArgumentException("IoU threshold must be in [0.5, 1) for unique matching, was " + t);
            }
        }
        this.thresholds = thresholds.clone();
        tp = new long[thresholds.length];
        fp = new long[thresholds.length];
        fn = new long[thresholds.length];
        matchedIouSum = new double[thresholds.length];
    }

    public <A extends IntegerType<A>, B extends IntegerType<B>> void add(RandomAccessibleInterval<A> truth,
                                                                         RandomAccessibleInterval<B> predicted) {
        if (!Intervals.equalDimensions(truth, predicted)) {
            throw new IllegalArgumentException("ground truth " + Intervals.toString(truth)
                    + " and prediction " + Intervals.toString(predicted) + " differ in size");
        }
        Map<Long, Long> trueArea = new HashMap<>();
        Map<Long, Long> predArea = new HashMap<>();
        Map<Long, Long> overlap = new HashMap<>();
        Cursor<A> t = Views.flatIterable(truth).cursor();
        Cursor<B> p = Views.flatIterable(predicted).cursor();
        while (t.hasNext()) {
            long a = t.next().getIntegerLong();
            long b = p.next().getIntegerLong();
            if (a != 0) {
                trueArea.merge(a, 1L, Long::sum);
            }
            if (b != 0) {
                predArea.merge(b, 1L, Long::sum);
            }
            if (a != 0 && b != 0) {
                overlap.merge((a << 32) | (b & 0xffffffffL), 1L, Long::sum);
            }
        }
        long[] matched = new long[thresholds.length];
        for (Map.Entry<Long, Long> e : overlap.entrySet()) {
            long a = e.getKey() >>> 32;
            long b = e.getKey() & 0xffffffffL;
            long inter = e.getValue();
            double iou = (double) inter / (trueArea.get(a) + predArea.get(b) - inter);
            for (int i = 0; i < thresholds.length; i++) {
                if (iou > thresholds[i]) {
                    matched[i]++;
                    matchedIouSum[i] += iou;
                }
            }
        }
        for (int i = 0; i < thresholds.length; i++) {
            tp[i] += matched[i];
            fp[i] += predArea.size() - matched[i];
            fn[i] += trueArea.size() - matched[i];
        }
    }

    public double[] thresholds() {
        return thresholds.clone();
    }

    public long truePositives(int i) {
        return tp[i];
    }

    public long falsePositives(int i) {
        return fp[i];
    }

    public long falseNegatives(int i) {
        return fn[i];
    }

    /** TP / (TP + FP + FN) at threshold i; 1 when there is nothing to find and nothing was found. */
    public double averagePrecision(int i) {
        long all = tp[i] + fp[i] + fn[i];
        return all == 0 ? 1 : (double) tp[i] / all;
    }

    /** TP / (TP + FP) at threshold i; NaN when nothing was predicted. */
    public double precision(int i) {
        return tp[i] + fp[i] == 0 ? Double.NaN : (double) tp[i] / (tp[i] + fp[i]);
    }

    /** TP / (TP + FN) at threshold i; NaN when there was nothing to find. */
    public double recall(int i) {
        return tp[i] + fn[i] == 0 ? Double.NaN : (double) tp[i] / (tp[i] + fn[i]);
    }

    /** Mean IoU of the pairs matched at threshold i; NaN without matches. */
    public double meanMatchedIou(int i) {
        return tp[i] == 0 ? Double.NaN : matchedIouSum[i] / tp[i];
    }

    /** 2 TP / (2 TP + FP + FN) at threshold i; 1 when there is nothing to find and nothing was found. */
    public double f1(int i) {
        long all = 2 * tp[i] + fp[i] + fn[i];
        return all == 0 ? 1 : 2.0 * tp[i] / all;
    }

    /**
     * Panoptic quality at threshold i: the matched pairs' IoU summed over TP + FP / 2 + FN / 2, that is the mean
     * matched IoU (segmentation quality) times F1 (recognition quality); 1 when there is nothing to find and nothing
     * was found.
     */
    public double panopticQuality(int i) {
        long all = 2 * tp[i] + fp[i] + fn[i];
        return all == 0 ? 1 : 2 * matchedIouSum[i] / all;
    }

    /** The mean of the average precisions over all thresholds (the DSB 2018 score for 0.5:0.95). */
    public double meanAveragePrecision() {
        double s = 0;
        for (int i = 0; i < thresholds.length; i++) {
            s += averagePrecision(i);
        }
        return s / thresholds.length;
    }

    /** Index of threshold {@code t}, or -1. */
    public int indexOf(double t) {
        for (int i = 0; i < thresholds.length; i++) {
            if (Math.abs(thresholds[i] - t) < 1e-9) {
                return i;
            }
        }
        return -1;
    }

    public long truePositives() {
        return tp[0];
    }

    public long falsePositives() {
        return fp[0];
    }

    public long falseNegatives() {
        return fn[0];
    }

    /** The average precision at the first threshold. */
    public double averagePrecision() {
        return averagePrecision(0);
    }
}
