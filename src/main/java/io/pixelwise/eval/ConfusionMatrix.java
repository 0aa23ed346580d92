package io.pixelwise.eval;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** Pixel counts of (true class, predicted class); per-class IoU and Dice come from it. Accumulates over images. */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    public <A extends IntegerType<A>, B extends IntegerType<B>> void add(RandomAccessibleInterval<A> truth,
                                                                         RandomAccessibleInterval<B> predicted) {
        if (!Intervals.equalDimensions(truth, predicted)) {
            throw new IllegalArgumentException("ground truth " + Intervals.toString(truth)
                    + " and prediction " + Intervals.toString(predicted) + " differ in size");
        }
        Cursor<A> t = Views.flatIterable(truth).cursor();
        Cursor<B> p = Views.flatIterable(predicted).cursor();
        while (t.hasNext()) {
            int a = t.next().getInteger();
            int b = p.next().getInteger();
            if (a < 0 || a >= counts.length || b < 0 || b >= counts.length) {
                throw new IllegalArgumentException("class value " + Math.max(a, b) + " outside 0.."
                        + (counts.length - 1));
            }
            counts[a][b]++;
        }
    }

    /** Adds another matrix's counts (of the same classes). */
    public void add(ConfusionMatrix other) {
        add(other.counts);
    }

    /** Adds counts [truth][predicted]. */
    public void add(long[][] more) {
        if (more.length != counts.length) {
            throw new IllegalArgumentException(more.length + " classes added to a matrix of " + counts.length);
        }
        for (int a = 0; a < counts.length; a++) {
            for (int b = 0; b < counts.length; b++) {
                counts[a][b] += more[a][b];
            }
        }
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** Intersection over union of class k; NaN when the class is absent from both truth and prediction. */
    public double iou(int k) {
        long tp = counts[k][k];
        long union = rowSum(k) + columnSum(k) - tp;
        return union == 0 ? Double.NaN : (double) tp / union;
    }

    /** Dice (F1) of class k; NaN when absent from both. */
    public double dice(int k) {
        long tp = counts[k][k];
        long sum = rowSum(k) + columnSum(k);
        return sum == 0 ? Double.NaN : 2.0 * tp / sum;
    }

    /** Of the pixels predicted as class k, the share that are k; NaN when nothing was predicted as k. */
    public double precision(int k) {
        long predicted = columnSum(k);
        return predicted == 0 ? Double.NaN : (double) counts[k][k] / predicted;
    }

    /** Of the pixels of class k, the share predicted as k; NaN when k is absent from the truth. */
    public double recall(int k) {
        long truth = rowSum(k);
        return truth == 0 ? Double.NaN : (double) counts[k][k] / truth;
    }

    /**
     * Share of all pixels given their true class. Reported next to the per-class scores, never alone: a model that
     * paints everything background scores high on an image that is mostly background.
     */
    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int a = 0; a < counts.length; a++) {
            for (int b = 0; b < counts.length; b++) {
                all += counts[a][b];
                if (a == b) {
                    right += counts[a][b];
                }
            }
        }
        return all == 0 ? Double.NaN : (double) right / all;
    }

    public int classes() {
        return counts.length;
    }

    /** Pixels of class k in the ground truth. */
    public long truthCount(int k) {
        return rowSum(k);
    }

    /** Pixels predicted as class k. */
    public long predictedCount(int k) {
        return columnSum(k);
    }

    private long rowSum(int k) {
        long s = 0;
        for (long v : counts[k]) {
            s += v;
        }
        return s;
    }

    private long columnSum(int k) {
        long s = 0;
        for (long[] row : counts) {
            s += row[k];
        }
        return s;
    }
}
