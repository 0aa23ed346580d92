package io.pixelwise.eval;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void iouAndDicePerClass() {
        var truth = ArrayImgs.unsignedBytes(new byte[] {0, 0, 1, 1, 1, 1, 2, 2}, 8);
        var pred = ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 1, 1, 0, 2, 2}, 8);
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(truth, pred);
        // class 1: TP 3, FP 1, FN 1 -> IoU 3/5, Dice 6/8
        assertEquals(0.6, m.iou(1), 1e-12);
        assertEquals(0.75, m.dice(1), 1e-12);
        assertEquals(1.0, m.iou(2), 1e-12);
        assertEquals(1.0 / 3, m.iou(0), 1e-12);
        assertTrue(Double.isNaN(new ConfusionMatrix(2).dice(1)));
    }

    @Test
    void instancesMatchAboveHalfIou() {
        // truth: objects 1 (4 px) and 2 (2 px); prediction: 7 covers object 1 with IoU 4/5, 8 misses object 2.
        var truth = ArrayImgs.ints(new int[] {1, 1, 1, 1, 0, 2, 2, 0}, 8);
        var pred = ArrayImgs.ints(new int[] {7, 7, 7, 7, 7, 0, 8, 8}, 8);
        InstanceMatching m = new InstanceMatching(0.5);
        m.add(truth, pred);
        assertEquals(1, m.truePositives());
        assertEquals(1, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(1.0 / 3, m.averagePrecision(), 1e-12);
    }

    @Test
    void sizesMustAgree() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(2).add(ArrayImgs.unsignedBytes(3), ArrayImgs.unsignedBytes(4)));
    }

    /** A 4x4 case worked by hand: see the comments for each count. */
    @Test
    void perClassScoresOfAFourByFourCase() {
        var truth = ArrayImgs.ints(new int[]{
                0, 0, 1, 1,
                0, 0, 1, 1,
                0, 0, 0, 0,
                2, 2, 0, 0}, 4, 4);
        var pred = ArrayImgs.ints(new int[]{
                0, 1, 1, 1,
                0, 0, 1, 1,
                0, 0, 0, 0,
                2, 0, 0, 0}, 4, 4);
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(truth, pred);
        // class 1: 4 true px, 5 predicted, 4 shared
        assertEquals(4.0 / 5, m.iou(1), 1e-12);
        assertEquals(8.0 / 9, m.dice(1), 1e-12);
        assertEquals(4.0 / 5, m.precision(1), 1e-12);
        assertEquals(1.0, m.recall(1), 1e-12);
        // class 2: 2 true px, 1 predicted, 1 shared
        assertEquals(1.0 / 2, m.iou(2), 1e-12);
        assertEquals(2.0 / 3, m.dice(2), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals(1.0 / 2, m.recall(2), 1e-12);
        // background: 10 true, 10 predicted, 9 shared; 9 + 4 + 1 of 16 pixels right
        assertEquals(9.0 / 11, m.iou(0), 1e-12);
        assertEquals(14.0 / 16, m.accuracy(), 1e-12);
    }

    /** Two 10x10 squares, one shifted by 2 px: IoU 80 / 120 = 2/3, so a match up to 0.65 and none from 0.7. */
    @Test
    void aShiftedSquareMatchesUpToItsIou() {
        int[] t = new int[20 * 10];
        int[] p = new int[20 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                t[y * 20 + x] = 1;
                p[y * 20 + x + 2] = 5;
            }
        }
        InstanceMatching m = new InstanceMatching(InstanceMatching.STANDARD_THRESHOLDS);
        m.add(ArrayImgs.ints(t, 20, 10), ArrayImgs.ints(p, 20, 10));
        for (int i = 0; i < 10; i++) {
            boolean match = InstanceMatching.STANDARD_THRESHOLDS[i] < 2.0 / 3;
            assertEquals(match ? 1 : 0, m.truePositives(i), "tau " + InstanceMatching.STANDARD_THRESHOLDS[i]);
            assertEquals(match ? 0 : 1, m.falsePositives(i));
            assertEquals(match ? 0 : 1, m.falseNegatives(i));
            assertEquals(match ? 1.0 : 0.0, m.averagePrecision(i), 1e-12);
        }
        assertEquals(0.4, m.meanAveragePrecision(), 1e-12);
        assertEquals(2.0 / 3, m.meanMatchedIou(0), 1e-12);
        assertTrue(Double.isNaN(m.meanMatchedIou(m.indexOf(0.7))));
        assertEquals(1, m.f1(0), 1e-12);
        assertEquals(2.0 / 3, m.panopticQuality(0), 1e-12, "one pair of IoU 2/3, nothing else");
        assertEquals(0, m.f1(m.indexOf(0.7)), 1e-12);
        assertEquals(0, m.panopticQuality(m.indexOf(0.7)), 1e-12);
    }

    /** Ties at IoU exactly 0.5 match nothing (IoU must exceed the threshold), so nothing is matched twice. */
    @Test
    void tiesAtOneHalfAreNotMatchesAndMatchingStaysOneToOne() {
        // one true object of 4 px, split by two predictions of 2 px each: IoU 2/4 = 0.5 with each
        InstanceMatching split = new InstanceMatching(0.5);
        split.add(ArrayImgs.ints(new int[]{1, 1, 1, 1}, 4), ArrayImgs.ints(new int[]{3, 3, 4, 4}, 4));
        assertEquals(0, split.truePositives());
        assertEquals(2, split.falsePositives());
        assertEquals(1, split.falseNegatives());
        // one prediction merging two true objects of 3 px: IoU 3/6 = 0.5 with each
        InstanceMatching merged = new InstanceMatching(0.5);
        merged.add(ArrayImgs.ints(new int[]{1, 1, 1, 2, 2, 2}, 6), ArrayImgs.ints(new int[]{9, 9, 9, 9, 9, 9}, 6));
        assertEquals(0, merged.truePositives());
        assertEquals(1, merged.falsePositives());
        assertEquals(2, merged.falseNegatives());
        // a prediction of 4 px over a true object of 3 px and 1 px of another: IoU 3/4 with the first only
        InstanceMatching one = new InstanceMatching(0.5);
        one.add(ArrayImgs.ints(new int[]{1, 1, 1, 2, 2}, 5), ArrayImgs.ints(new int[]{9, 9, 9, 9, 0}, 5));
        assertEquals(1, one.truePositives());
        assertEquals(0, one.falsePositives());
        assertEquals(1, one.falseNegatives());
        assertEquals(0.75, one.meanMatchedIou(0), 1e-12);
        assertEquals(2.0 / 3, one.f1(0), 1e-12, "2 TP / (2 TP + FP + FN) = 2 / 3");
        assertEquals(0.5, one.panopticQuality(0), 1e-12, "0.75 / (1 + 0 + 1 / 2): mean IoU x F1");
    }

    @Test
    void emptyPredictionOrEmptyTruth() {
        InstanceMatching nothingFound = new InstanceMatching(0.5);
        nothingFound.add(ArrayImgs.ints(new int[]{1, 0, 2}, 3), ArrayImgs.ints(new int[]{0, 0, 0}, 3));
        assertEquals(0, nothingFound.averagePrecision(), 1e-12);
        assertEquals(2, nothingFound.falseNegatives());
        assertTrue(Double.isNaN(nothingFound.precision(0)));
        assertEquals(0, nothingFound.recall(0), 1e-12);
        InstanceMatching nothingThere = new InstanceMatching(0.5);
        nothingThere.add(ArrayImgs.ints(new int[]{0, 0, 0}, 3), ArrayImgs.ints(new int[]{0, 7, 7}, 3));
        assertEquals(0, nothingThere.averagePrecision(), 1e-12);
        assertEquals(1, nothingThere.falsePositives());
        assertTrue(Double.isNaN(nothingThere.recall(0)));
        InstanceMatching bothEmpty = new InstanceMatching(0.5);
        bothEmpty.add(ArrayImgs.ints(new int[3], 3), ArrayImgs.ints(new int[3], 3));
        assertEquals(1, bothEmpty.averagePrecision(), 1e-12);
        assertEquals(1, bothEmpty.f1(0), 1e-12);
        assertEquals(1, bothEmpty.panopticQuality(0), 1e-12);
        assertEquals(0, nothingFound.panopticQuality(0), 1e-12);
        assertEquals(0, nothingThere.f1(0), 1e-12);
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(ArrayImgs.ints(new int[]{0, 0, 0}, 3), ArrayImgs.ints(new int[]{0, 1, 1}, 3));
        assertEquals(0, m.precision(1), 1e-12);
        assertTrue(Double.isNaN(m.recall(1)), "class 1 absent from the truth");
        assertEquals(1.0 / 3, m.accuracy(), 1e-12);
    }
}
