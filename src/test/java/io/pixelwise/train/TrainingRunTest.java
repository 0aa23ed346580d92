package io.pixelwise.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {

    @Test
    void earlyStoppingWaitsForTheSecondHalfOfTheSchedule() {
        assertTrue(!TrainingRun.shouldStop(20, 60, 5, 10), "epoch 20 of 60: the rate is still high");
        assertTrue(TrainingRun.shouldStop(30, 60, 5, 10));
        assertTrue(!TrainingRun.shouldStop(30, 60, 25, 10), "improved 5 epochs ago");
        assertTrue(!TrainingRun.shouldStop(60, 60, 45, 15), "the last epoch is the end, not an early stop");
        assertTrue(TrainingRun.learningRate(1e-3, 0, 100) == 1e-3);
        assertTrue(Math.abs(TrainingRun.learningRate(1e-3, 100, 100) - 2e-5) < 1e-12, "ends at 2 % of the peak");
    }
}
