package io.pixelwise.progress;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Wall time per stage of one job, in the order the stages first ran, so a user's log and the benchmarks can say
 * where the time went. Not thread-safe: one job, one thread.
 */
public final class StageTimes {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    public void add(String stage, long elapsedNanos) {
        nanos.merge(stage, elapsedNanos, Long::sum);
    }

    public void addAll(StageTimes other) {
        other.nanos.forEach(this::add);
    }

    public <R> R time(String stage, Supplier<R> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(stage, System.nanoTime() - t0);
        }
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Seconds per stage, in the order the stages first ran. */
    public Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }

    /** One line: each stage's seconds and share of the stages' total. */
    @Override
    public String toString() {
        long total = nanos.values().stream().mapToLong(Long::longValue).sum();
        StringJoiner j = new StringJoiner(", ");
        nanos.forEach((k, v) -> j.add(String.format(Locale.ROOT, "%s %.2f s (%.0f%%)", k, v / 1e9,
                100.0 * v / Math.max(total, 1))));
        return j.toString();
    }
}
