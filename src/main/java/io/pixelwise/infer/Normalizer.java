package io.pixelwise.infer;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.zoo.Operations;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Maps raw intensities to the range the network was trained on: {@code (v - offset) * scale}, or for a model from
 * the BioImage Model Zoo its chain of preprocessing operations. Statistics are taken once over a whole plane, never
 * per tile, so tiling can't change the result.
 */
public final class Normalizer {

    private static final double EPS = 1e-6;

    private final double offset;
    private final double scale;
    /** What follows the affine part: the zoo's operations; identity for Pixelwise's own normalisations. */
    private final DoubleUnaryOperator then;

    public Normalizer(double offset, double scale) {
        this(offset, scale, DoubleUnaryOperator.identity());
    }

    private Normalizer(double offset, double scale, DoubleUnaryOperator then) {
        this.offset = offset;
        this.scale = scale;
        this.then = then;
    }

    /** The normalisation the descriptor asks for, with statistics from {@code plane} where it needs them. */
    public static <T extends RealType<T>> Normalizer fit(ModelDescriptor.Normalization spec,
                                                         RandomAccessibleInterval<T> plane) {
        return fit(spec, plane, 0);
    }

    /**
     * As {@link #fit(ModelDescriptor.Normalization, RandomAccessibleInterval)} for channel {@code channel} (whose
     * per-channel parameters a zoo operation may list); {@code plane} holds the values statistics are taken over.
     */
    public static <T extends RealType<T>> Normalizer fit(ModelDescriptor.Normalization spec,
                                                         RandomAccessibleInterval<T> plane, int channel) {
        if ("mean_std".equals(spec.type)) {
            return new Normalizer(spec.mean, 1.0 / spec.std);
        }
        if ("bioimageio".equals(spec.type)) {
            return fitSteps(spec.steps, plane, channel);
        }
        double[] range = percentiles(plane, spec.low, spec.high);
        return new Normalizer(range[0], 1.0 / Math.max(range[1] - range[0], EPS));
    }

    /**
     * The zoo's preprocessing in order; a statistical step takes its statistics from the plane as the steps before
     * it left it ({@code scale_range}: {@code (v - lo) / (hi - lo + eps)}; {@code zero_mean_unit_variance}:
     * {@code (v - mean) / (std + eps)}).
     */
    private static <T extends RealType<T>> Normalizer fitSteps(List<Map<String, Object>> steps,
                                                               RandomAccessibleInterval<T> plane, int channel) {
        DoubleUnaryOperator f = DoubleUnaryOperator.identity();
        for (Map<String, Object> step : steps) {
            String id = String.valueOf(step.get("id"));
            @SuppressWarnings("unchecked")
            Map<String, Object> kwargs = step.get("kwargs") instanceof Map<?, ?> m ? (Map<String, Object>) m
                    : Map.of();
            double eps = Operations.eps(kwargs);
            RandomAccessibleInterval<FloatType> sofar = new Normalizer(0, 1, f).view(plane);
            DoubleUnaryOperator g;
            if (id.equals("scale_range")) {
                double[] r = percentiles(sofar, number(kwargs.get("min_percentile"), 0),
                        number(kwargs.get("max_percentile"), 100));
                g = v -> (v - r[0]) / (r[1] - r[0] + eps);
            } else if (id.equals("zero_mean_unit_variance")) {
                double[] ms = meanStd(sofar);
                g = v -> (v - ms[0]) / (ms[1] + eps);
            } else if (Operations.STATISTICAL.contains(id)) {
                throw new IllegalArgumentException("the model's preprocessing '" + id + "' needs another tensor's "
                        + "statistics, which Pixelwise does not compute");
            } else {
                g = Operations.pointwise(id, kwargs, channel);
            }
            f = f.andThen(g);
        }
        return new Normalizer(0, 1, f);
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }

    private static double[] meanStd(RandomAccessibleInterval<FloatType> plane) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (FloatType t : Views.flatIterable(plane)) {
            double v = t.getRealDouble();
            sum += v;
            sumSq += v * v;
            n++;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean))};
    }

    /** The {@code low} and {@code high} percentiles of the plane's values (numpy's linear interpolation). */
    static <T extends RealType<T>> double[] percentiles(RandomAccessibleInterval<T> plane, double low, double high) {
        T type = plane.getType();
        if (type instanceof IntegerType && type.getMinValue() >= 0 && type.getMaxValue() <= MAX_HISTOGRAM_BIN) {
            long[] histogram = histogram(plane, (int) type.getMaxValue() + 1);
            return new double[] {percentile(histogram, low), percentile(histogram, high)};
        }
        return floatPercentiles(plane, low, high);
    }

    /** 8- and 16-bit images get exact percentiles from a histogram in O(n) instead of sorting a copy. */
    private static final int MAX_HISTOGRAM_BIN = 65535;

    private static <T extends RealType<T>> long[] histogram(RandomAccessibleInterval<T> plane, int bins) {
        long[] h = new long[bins];
        for (T t : Views.flatIterable(plane)) {
            h[(int) t.getRealDouble()]++;
        }
        return h;
    }

    /** The percentile (numpy's linear interpolation) of the values a histogram counts. */
    static double percentile(long[] histogram, double p) {
        long n = 0;
        for (long c : histogram) {
            n += c;
        }
        Position at = Position.of(n, p);
        return at.between(valueAtRank(histogram, at.below()), valueAtRank(histogram, at.above()));
    }

    /**
     * Where percentile {@code p} of {@code n} values lies, numpy's linear interpolation: between the values of ranks
     * {@code below} and {@code above} (from 0), {@code weight} of the way.
     */
    private record Position(long below, long above, double weight) {
        static Position of(long n, double p) {
            if (n == 0) {
                throw new IllegalArgumentException("percentile of an empty image");
            }
            double pos = p / 100.0 * (n - 1);
            long i = (long) Math.floor(pos);
            return new Position(i, Math.min(i + 1, n - 1), pos - i);
        }

        double between(double belowValue, double aboveValue) {
            return belowValue * (1 - weight) + aboveValue * weight;
        }
    }

    /** The bin holding the value of {@code rank} (from 0) among the values a histogram counts. */
    private static int valueAtRank(long[] histogram, long rank) {
        long seen = 0;
        for (int v = 0; v < histogram.length; v++) {
            seen += histogram[v];
            if (seen > rank) {
                return v;
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen + " values");
    }

    /**
     * Exact percentiles of float values (32-bit images, calibrated values, earlier steps' output) without sorting a
     * copy, which would take 4 bytes a voxel over a whole stack: a radix selection in two passes, a histogram of the
     * high 16 of the values' sortable bits, then of the low 16 within the bins the wanted ranks fall in.
     */
    private static <T extends RealType<T>> double[] floatPercentiles(RandomAccessibleInterval<T> plane, double low,
                                                                    double high) {
        long[] high16 = new long[1 << 16];
        long n = 0;
        long nonFinite = 0;
        for (T t : Views.flatIterable(plane)) {
            float v = t.getRealFloat();
            if (Float.isFinite(v)) {
                high16[sortable(v) >>> 16]++;
                n++;
            } else {
                nonFinite++;
            }
        }
        if (nonFinite > 0) {
            // Percentiles over them would be NaN or infinite, and every pixel's class with them: refuse, never guess.
            throw new IllegalArgumentException("the image has " + nonFinite + " NaN or infinite pixel(s) in a plane of "
                    + (n + nonFinite) + "; Pixelwise needs finite values (replace them first, e.g. Process > Math > "
                    + "Set... on a selection, or mask them with a value of the background)");
        }
        Position lo = Position.of(n, low);
        Position hi = Position.of(n, high);
        long[] ranks = {lo.below(), lo.above(), hi.below(), hi.above()};
        int[] bins = new int[4];
        long[][] low16 = new long[4][];
        for (int r = 0; r < 4; r++) {
            bins[r] = valueAtRank(high16, ranks[r]);
            for (int b = 0; b <= r; b++) {
                if (bins[b] == bins[r]) {
                    low16[r] = low16[b] != null ? low16[b] : new long[1 << 16];
                    break;
                }
            }
        }
        for (T t : Views.flatIterable(plane)) {
            int key = sortable(t.getRealFloat());
            int bin = key >>> 16;
            for (int r = 0; r < 4; r++) {
                if (bins[r] == bin) {
                    low16[r][key & 0xffff]++;
                    break;
                }
            }
        }
        float[] values = new float[4];
        for (int r = 0; r < 4; r++) {
            long below = 0;
            for (int b = 0; b < bins[r]; b++) {
                below += high16[b];
            }
            values[r] = fromSortable(bins[r] << 16 | valueAtRank(low16[r], ranks[r] - below));
        }
        return new double[] {lo.between(values[0], values[1]), hi.between(values[2], values[3])};
    }

    /** A float's bits, reordered so that unsigned integer order is the floats' order (-0 taken as 0). */
    private static int sortable(float v) {
        int bits = Float.floatToIntBits(v == 0 ? 0f : v);
        return bits ^ (bits >> 31 | Integer.MIN_VALUE);
    }

    private static float fromSortable(int key) {
        return Float.intBitsToFloat(key < 0 ? key ^ Integer.MIN_VALUE : ~key);
    }

    public float apply(double v) {
        return (float) then.applyAsDouble((v - offset) * scale);
    }

    /** A normalised view: nothing is copied, each read converts. */
    public <T extends RealType<T>> RandomAccessibleInterval<FloatType> view(RandomAccessibleInterval<T> source) {
        return Converters.convert(source, (in, out) -> out.setReal(apply(in.getRealDouble())), new FloatType());
    }

    public double offset() {
        return offset;
    }

    public double scale() {
        return scale;
    }
}
