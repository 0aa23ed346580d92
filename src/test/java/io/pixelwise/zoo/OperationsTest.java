package io.pixelwise.zoo;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each zoo operation against values worked out by hand from the spec's formulas. */
class OperationsTest {

    private static double op(String id, Map<String, Object> kwargs, int channel, double v) {
        return Operations.pointwise(id, kwargs, channel).applyAsDouble(v);
    }

    @Test
    void perValueOperations() {
        assertEquals(1, op("binarize", Map.of("threshold", 0.5), 0, 0.7));
        assertEquals(0, op("binarize", Map.of("threshold", 0.5), 0, 0.5), "not above the threshold");
        assertEquals(1, op("binarize", Map.of("threshold", List.of(0.9, 0.1)), 1, 0.2), "per-channel threshold");
        assertEquals(2, op("clip", Map.of("min", 0, "max", 2), 0, 5));
        assertEquals(0, op("clip", Map.of("min", 0, "max", 2), 0, -1));
        assertEquals(-1, op("clip", Map.of("max", 2), 0, -1), "no minimum");
        assertEquals(2 * 3 + 1, op("scale_linear", Map.of("gain", 2, "offset", 1), 0, 3));
        assertEquals(3 * 10 - 5, op("scale_linear", Map.of("gain", List.of(1, 10), "offset", List.of(0, -5)), 1, 3));
        assertEquals(1 / (1 + Math.exp(-2.0)), op("sigmoid", Map.of(), 0, 2), 1e-12);
        assertEquals((7 - 3) / (2 + 1e-6), op("fixed_zero_mean_unit_variance", Map.of("mean", 3, "std", 2), 0, 7),
                1e-12);
        assertEquals((7 - 5) / (4 + 1e-6), op("fixed_zero_mean_unit_variance", Map.of("mean", List.of(3, 5), "std",
                List.of(2, 4)), 1, 7), 1e-12);
        assertEquals(3, op("ensure_dtype", Map.of("dtype", "uint8"), 0, 2.6));
        assertEquals(2.6, op("ensure_dtype", Map.of("dtype", "float32"), 0, 2.6));
    }

    private static Normalizer fit(List<Map<String, Object>> steps, float[] values) {
        return Normalizer.fit(ModelDescriptor.Normalization.bioimageio(steps), ArrayImgs.floats(values, values.length),
                0);
    }

    @Test
    void statisticalOperationsTakeTheSamplesStatistics() {
        float[] v = {0, 10, 20, 30, 40};
        // scale_range 10..90 %: lo = 4, hi = 36 (numpy's linear percentiles); out = (v - lo) / (hi - lo + eps)
        Normalizer range = fit(List.of(Map.of("id", "scale_range", "kwargs", Map.of("min_percentile", 10,
                "max_percentile", 90))), v);
        assertEquals((20 - 4) / (32 + 1e-6), range.apply(20), 1e-6);
        // mean 20, population std sqrt(200)
        Normalizer z = fit(List.of(Map.of("id", "zero_mean_unit_variance", "kwargs", Map.of())), v);
        assertEquals((40 - 20) / (Math.sqrt(200) + 1e-6), z.apply(40), 1e-6);
        // a chain: statistics of scale_range are taken after scale_linear doubled the values, then clip
        Normalizer chain = fit(List.of(Map.of("id", "scale_linear", "kwargs", Map.of("gain", 2)),
                Map.of("id", "scale_range", "kwargs", Map.of("min_percentile", 0, "max_percentile", 100)),
                Map.of("id", "clip", "kwargs", Map.of("min", 0, "max", 0.5))), v);
        assertEquals(0.25, chain.apply(10), 1e-6);
        assertEquals(0.5, chain.apply(40), 1e-6);
    }
}
