package io.pixelwise.zoo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The BioImage Model Zoo's per-value operations, as the spec defines them, for one channel: {@code binarize},
 * {@code clip}, {@code scale_linear}, {@code sigmoid}, {@code fixed_zero_mean_unit_variance}, {@code ensure_dtype}.
 * Operations that need statistics of the image ({@code scale_range}, {@code zero_mean_unit_variance}) are fitted
 * where the image is ({@code infer.Normalizer}).
 */
public final class Operations {

    /** Operations whose result depends on statistics of the whole sample. */
    public static final List<String> STATISTICAL = List.of("scale_range", "zero_mean_unit_variance",
            "scale_mean_variance");

    private Operations() {
    }

    /** The operation {@code id} with {@code kwargs} on values of channel {@code channel}. */
    public static DoubleUnaryOperator pointwise(String id, Map<String, Object> kwargs, int channel) {
        return switch (id) {
            case "binarize" -> {
                double t = perChannel(kwargs.get("threshold"), channel, 0.5);
                yield v -> v > t ? 1 : 0;
            }
            case "clip" -> {
                double lo = kwargs.get("min") == null ? Double.NEGATIVE_INFINITY : perChannel(kwargs.get("min"),
                        channel, 0);
                double hi = kwargs.get("max") == null ? Double.POSITIVE_INFINITY : perChannel(kwargs.get("max"),
                        channel, 0);
                yield v -> Math.min(hi, Math.max(lo, v));
            }
            case "scale_linear" -> {
                double gain = perChannel(kwargs.get("gain"), channel, 1);
                double offset = perChannel(kwargs.get("offset"), channel, 0);
                yield v -> v * gain + offset;
            }
            case "sigmoid" -> v -> 1 / (1 + Math.exp(-v));
            case "fixed_zero_mean_unit_variance" -> {
                double mean = perChannel(kwargs.get("mean"), channel, 0);
                double std = perChannel(kwargs.get("std"), channel, 1);
                double eps = perChannel(kwargs.get("eps"), 0, 1e-6);
                yield v -> (v - mean) / (std + eps);
            }
            case "ensure_dtype" -> {
                String type = String.valueOf(kwargs.getOrDefault("dtype", "float32")).toLowerCase(Locale.ROOT);
                yield type.startsWith("float") ? DoubleUnaryOperator.identity() : Math::rint;
            }
            default -> throw new IllegalArgumentException("'" + id + "' is not a per-value operation");
        };
    }

    /** A scalar, or the entry of a per-channel list; {@code fallback} when absent. */
    static double perChannel(Object value, int channel, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                return fallback;
            }
            Object v = l.get(l.size() == 1 ? 0 : Math.min(channel, l.size() - 1));
            return ((Number) v).doubleValue();
        }
        return ((Number) value).doubleValue();
    }

    /** {@code eps} of a statistical operation (the spec's default 1e-6). */
    public static double eps(Map<String, Object> kwargs) {
        return perChannel(kwargs.get("eps"), 0, 1e-6);
    }
}
