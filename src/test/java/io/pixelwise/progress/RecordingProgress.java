package io.pixelwise.progress;

import java.util.ArrayList;
import java.util.List;

/** For tests: records the fractions reported; "Esc" is pressed once {@code cancelAfter} are in (-1: never). */
public record RecordingProgress(List<Double> fractions, int cancelAfter) implements Progress {

    public RecordingProgress(int cancelAfter) {
        this(new ArrayList<>(), cancelAfter);
    }

    @Override
    public void status(String message) {
    }

    @Override
    public void fraction(double done) {
        fractions.add(done);
    }

    @Override
    public boolean isCanceled() {
        return fractions.size() == cancelAfter;
    }
}
