package io.pixelwise.eval;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationScoresTest {

    private static final double EPS = 1e-12;

    /**
     * Item 1: truth 0 1 1 2, prediction 0 1 2 2; item 2: truth 1 1 0 0, prediction 1 0 0 0. Pooled counts
     * [truth][pred]: (0,0) 3, (1,0) 1, (1,1) 2, (1,2) 1, (2,2) 1. Worked by hand:
     * class 1: TP 2, truth 4, predicted 2: Dice 4/6, IoU 2/4; class 2: TP 1, truth 1, predicted 2: Dice 2/3, IoU 1/2;
     * foreground: TP 4, truth 5, predicted 4: Dice 8/9; area errors: class 1 |1-2|/2 in both items, class 2 |2-1|/1
     * in item 1 (absent from item 2), background 0 and |3-2|/2.
     */
    @Test
    void perClassForegroundAndSizeScoresOnAHandWorkedPair() {
        SegmentationScores s = new SegmentationScores(List.of("background", "a", "b"));
        s.add(ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 2}, 4, 1), ArrayImgs.unsignedBytes(new byte[] {0, 1, 2, 2}, 4, 1));
        s.add(ArrayImgs.unsignedBytes(new byte[] {1, 1, 0, 0}, 4, 1), ArrayImgs.unsignedBytes(new byte[] {1, 0, 0, 0}, 4, 1));
        assertEquals(2, s.items());
        assertEquals(4.0 / 6, s.dice(1), EPS);
        assertEquals(0.5, s.iou(1), EPS);
        assertEquals(2.0 / 3, s.dice(2), EPS);
        assertEquals(0.5, s.iou(2), EPS);
        assertEquals(2.0 / 3, s.meanDice(), EPS);
        assertEquals(8.0 / 9, s.foregroundDice(), EPS);
        assertEquals(0.5, s.meanSizeError(1), EPS);
        assertEquals(1.0, s.meanSizeError(2), EPS);
        assertEquals(0.25, s.meanSizeError(0), EPS);
        assertFalse(s.volumes());
        assertFalse(s.hasInstances());
        assertTrue(s.table().contains("mean relative area error"));
    }

    @Test
    void volumesAndInstancesAreReported() {
        SegmentationScores s = new SegmentationScores(List.of("background", "organ"));
        s.add(ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 1}, 2, 1, 2), ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 0}, 2, 1, 2));
        assertTrue(s.volumes());
        assertEquals(1.0 / 3, s.meanSizeError(1), EPS, "volume 3 voxels, predicted 2");
        // Object 1 (2 px) against prediction 3 (3 px): IoU 2/3, a match; object 2 against prediction 4: IoU 1/2,
        // not above 0.5. TP 1, FP 1, FN 1.
        s.addInstances(ArrayImgs.ints(new int[] {1, 1, 0, 2, 2}, 5, 1), ArrayImgs.ints(new int[] {3, 3, 3, 0, 4}, 5, 1));
        assertTrue(s.hasInstances());
        assertEquals(1.0 / 3, s.instanceMatching().averagePrecision(), EPS);
        assertTrue(s.table().contains("mean relative volume error"));
        assertTrue(s.table().contains("AP@0.5"));
        // A second plane with its one object matched exactly: AP 2/4 pooled; resampling the two planes gives
        // 1/3 (the first twice), 2/4 or 1 (the second twice).
        s.addInstances(ArrayImgs.ints(new int[] {1, 1, 0, 0, 0}, 5, 1), ArrayImgs.ints(new int[] {7, 7, 0, 0, 0}, 5, 1));
        assertEquals(0.5, s.instanceMatching().averagePrecision(), EPS);
        assertArrayEquals(new double[] {1.0 / 3, 1}, s.instanceApInterval(), EPS);
        assertTrue(s.table().contains("pooled: **0.500** (95 % interval 0.333-1.000; TP 2, FP 1, FN 1;"), s.table());
    }

    /**
     * Three scans: a lesion found (truth 4 px, predicted 3 inside it: Dice 6/7, IoU 3/4), a lesion missed (truth 2 px,
     * predicted 1 px elsewhere: Dice 0), a normal scan with nothing predicted; a fourth, normal, with a false spot.
     */
    @Test
    void perImageDiceFoundAndNoneWhereAbsent() {
        SegmentationScores s = new SegmentationScores(List.of("background", "lesion"));
        s.add(ArrayImgs.unsignedBytes(new byte[] {1, 1, 1, 1, 0, 0}, 6, 1), ArrayImgs.unsignedBytes(new byte[] {1, 1, 1, 0, 0, 0}, 6, 1));
        s.add(ArrayImgs.unsignedBytes(new byte[] {1, 1, 0, 0, 0, 0}, 6, 1), ArrayImgs.unsignedBytes(new byte[] {0, 0, 0, 0, 0, 1}, 6, 1));
        s.add(ArrayImgs.unsignedBytes(new byte[6], 6, 1), ArrayImgs.unsignedBytes(new byte[6], 6, 1));
        s.add(ArrayImgs.unsignedBytes(new byte[6], 6, 1), ArrayImgs.unsignedBytes(new byte[] {0, 0, 1, 0, 0, 0}, 6, 1));
        assertEquals((6.0 / 7 + 0) / 2, s.meanItemDice(1), EPS);
        assertEquals(0.5, s.foundRate(1), EPS);
        assertEquals(0.5, s.noneWhereAbsentRate(1), EPS);
        // Resampling the two lesion scans gives 0, 3/7 or 6/7 for the mean Dice and 0, 1/2 or 1 for found.
        assertTrue(s.table().contains("| lesion | 2 | 0.429 | 0.000-0.857 | 1 (50.0 %) | 0.0-100.0 % | 2 | 1 (50.0 %) |"),
                s.table());
    }

    /** Every item alike: a resample is the same set again, so each interval is the score itself. */
    @Test
    void intervalsOfIdenticalItemsAreTheScores() {
        SegmentationScores s = new SegmentationScores(List.of("background", "a", "b"));
        for (int i = 0; i < 5; i++) {
            s.add(ArrayImgs.unsignedBytes(new byte[] {0, 1, 1, 2}, 4, 1), ArrayImgs.unsignedBytes(new byte[] {0, 1, 2, 2}, 4, 1));
        }
        assertArrayEquals(new double[] {s.dice(1), s.dice(1)}, s.diceInterval(1), EPS);
        assertArrayEquals(new double[] {s.meanDice(), s.meanDice()}, s.meanDiceInterval(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, s.meanSizeErrorInterval(1), EPS);
        assertArrayEquals(new double[] {s.meanItemDice(2), s.meanItemDice(2)}, s.meanItemDiceInterval(2), EPS);
        assertArrayEquals(new double[] {s.foregroundDice(), s.foregroundDice()}, s.diceInterval(3), EPS,
                "index = class count: the foreground");
    }

    /** Items that differ: the interval of the pooled Dice holds the score and spans the items' own range. */
    @Test
    void intervalsOfDifferingItemsHoldTheScore() {
        SegmentationScores s = new SegmentationScores(List.of("background", "a"));
        for (int i = 0; i < 20; i++) {
            byte[] predicted = new byte[10];
            for (int x = 0; x < i % 5 + 1; x++) {
                predicted[x] = 1;     // truth: 5 px; predicted 1-5 of them
            }
            s.add(ArrayImgs.unsignedBytes(new byte[] {1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, 10, 1),
                    ArrayImgs.unsignedBytes(predicted, 10, 1));
        }
        double[] dice = s.diceInterval(1);
        assertTrue(dice[0] < s.dice(1) && s.dice(1) < dice[1], dice[0] + "-" + dice[1]);
        assertTrue(dice[0] > 2.0 / 6 && dice[1] < 1, "within the items' own Dice, 1/3 to 1");
        double[] error = s.meanSizeErrorInterval(1);
        assertTrue(error[0] < 0.4 && 0.4 < error[1], "mean size error (4+3+2+1+0)/5/5 = 0.4");
    }

    /** Two models on the same 20 items: B finds every truth pixel, A only some; their difference is clear. */
    @Test
    void comparisonOfTwoModelsOnTheSameItemsIsPaired() {
        SegmentationScores a = new SegmentationScores(List.of("background", "lesion"));
        SegmentationScores b = new SegmentationScores(List.of("background", "lesion"));
        byte[] truth = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        for (int i = 0; i < 20; i++) {
            byte[] partly = new byte[10];
            for (int x = 0; x < i % 5 + 1; x++) {
                partly[x] = 1;
            }
            a.add(ArrayImgs.unsignedBytes(truth, 10, 1), ArrayImgs.unsignedBytes(partly, 10, 1));
            b.add(ArrayImgs.unsignedBytes(truth, 10, 1), ArrayImgs.unsignedBytes(truth.clone(), 10, 1));
        }
        String table = b.comparisonTable(a, "A", "B");
        assertTrue(table.contains(String.format(java.util.Locale.ROOT,
                "| lesion: Dice | %.4f | 1.0000 | %+.4f | ", a.dice(1), 1 - a.dice(1))), table);
        String rowOfDice = table.lines().filter(l -> l.startsWith("| lesion: Dice |")).findFirst().orElseThrow();
        double low = Double.parseDouble(rowOfDice.split("\\|")[5].trim().split(" to ")[0]);
        assertTrue(low > 0, "B better on every resample: " + rowOfDice);
        assertTrue(a.comparisonTable(a, "A", "A").contains("| lesion: Dice | " + String.format(java.util.Locale.ROOT,
                "%.4f | %.4f | +0.0000 | +0.0000 to +0.0000 |", a.dice(1), a.dice(1))), "against itself: 0 exactly");
        SegmentationScores fewer = new SegmentationScores(List.of("background", "lesion"));
        fewer.add(ArrayImgs.unsignedBytes(truth, 10, 1), ArrayImgs.unsignedBytes(truth.clone(), 10, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fewer.comparisonTable(a, "A", "C"));
        assertTrue(e.getMessage().contains("A has 20 item(s)") && e.getMessage().contains("C 1 of"), e.getMessage());
    }
}
