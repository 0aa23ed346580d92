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
}
