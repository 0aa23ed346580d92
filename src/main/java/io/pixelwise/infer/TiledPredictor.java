package io.pixelwise.infer;

import io.pixelwise.model.Network;
import io.pixelwise.model.Symmetry;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.List;

/**
 * Runs a model over one 2D plane tile by tile ({@link Tiling}), so memory stays bounded by the tile size.
 * The padding up to the model's size divisor is mirrored from the image. Writes the arg-max class per pixel and, optionally, the per-class
 * probabilities. Keeps the time spent per stage (tile input, network, arg-max) in {@link #times()}.
 */
public final class TiledPredictor {

    public static final String TILE_INPUT = "tile input";
    public static final String NETWORK = "network";
    public static final String ARG_MAX = "arg-max";

    private final Network model;
    private final int core;
    private final boolean augment;
    /** With test-time augmentation: the {@link Symmetry} codes each tile runs under. */
    private final int[] symmetries;
    private final StageTimes times = new StageTimes();

    /** @param tileSize requested tile side in pixels (without halo); rounded to what the model accepts */
    public TiledPredictor(Network model, int tileSize) {
        this(model, tileSize, false);
    }

    /**
     * @param augment test-time augmentation: every tile also runs flipped and turned as the model was trained
     *                ({@link io.pixelwise.model.ModelDescriptor#symmetryCodes()}), each result turned back, and the
     *                class probabilities averaged
     */
    public TiledPredictor(Network model, int tileSize, boolean augment) {
        this.model = model;
        this.augment = augment;
        this.symmetries = model.descriptor().symmetryCodes();
        var d = model.descriptor();
        int side = Tiling.coreSide(tileSize, d.size_divisor, d.min_tile);
        if (d.input.size_min > 0 && d.input.size_step == 0) {
            // a model of one fixed input size: tiles plus halos must fit in it
            long room = (d.input.size_min - 2L * d.halo) / d.size_divisor * d.size_divisor;
            side = (int) Math.max(d.size_divisor, Math.min(side, room));
        }
        this.core = side;
    }

    /** Time spent so far filling tile inputs (reading and normalising pixels), in the network, and in arg-max. */
    public StageTimes times() {
        return times;
    }

    public int coreSide() {
        return core;
    }

    public List<Tiling.Tile> tiles(RandomAccessibleInterval<?> plane) {
        var d = model.descriptor();
        return Tiling.tiles(plane.dimension(0), plane.dimension(1), core, d.size_divisor, d.halo);
    }

    /**
     * @param plane         normalised input, axes [x, y, channel]
     * @param labels        receives the best score channel per pixel, axes [x, y]: the class, or for a model of
     *                      distance levels the level
     * @param probabilities receives per-class probabilities, axes [x, y, class]; may be null
     * @param progress      asked between tiles whether to stop
     * @param afterTile     run after each tile, for progress reporting
     */
    public <L extends IntegerType<L>> void predict(RandomAccessibleInterval<FloatType> plane,
                                                   RandomAccessibleInterval<L> labels,
                                                   RandomAccessibleInterval<FloatType> probabilities,
                                                   Progress progress, Runnable afterTile) {
        int channels = model.descriptor().input.channels;
        if (plane.numDimensions() != 3 || plane.dimension(2) != channels) {
            throw new IllegalArgumentException("expected a plane [x, y, " + channels + " channels], got "
                    + Intervals.toString(plane));
        }
        predictStack(Views.addDimension(plane, 0, 0), Views.addDimension(labels, 0, 0),
                probabilities == null ? null : Views.addDimension(probabilities, 0, 0), progress, afterTile);
    }

    /**
     * A volumetric model's prediction: every tile is the whole depth of the stack, one network run.
     *
     * @param stack         normalised input, axes [x, y, channel, z]
     * @param labels        receives the best score channel per pixel, axes [x, y, z]
     * @param probabilities receives per-class probabilities, axes [x, y, class, z]; may be null
     */
    public <L extends IntegerType<L>> void predictStack(RandomAccessibleInterval<FloatType> stack,
                                                        RandomAccessibleInterval<L> labels,
                                                        RandomAccessibleInterval<FloatType> probabilities,
                                                        Progress progress, Runnable afterTile) {
        int channels = model.descriptor().input.channels;
        int scores = model.descriptor().scoreChannels();
        int classes = model.descriptor().classes.size();
        if (stack.numDimensions() != 4 || stack.dimension(2) != channels) {
            throw new IllegalArgumentException("expected a stack [x, y, " + channels + " channels, z], got "
                    + Intervals.toString(stack));
        }
        int depth = (int) stack.dimension(3);
        boolean logits = "logits".equals(model.descriptor().output.kind);
        // Mirroring needs two pixels to reflect between; a line one pixel high (or wide) is repeated instead, which
        // is what a mirror of a single row would give.
        var extended = stack.dimension(0) > 1 && stack.dimension(1) > 1 ? Views.extendMirrorSingle(stack)
                : Views.extendBorder(stack);
        for (Tiling.Tile t : tiles(stack)) {
            progress.checkCanceled();
            int tw = t.inputWidth();
            int th = t.inputHeight();
            long t0 = System.nanoTime();
            float[] in = new float[depth * tw * th * channels];
            long[] min = {stack.min(0) + t.inputX(), stack.min(1) + t.inputY(), stack.min(2), stack.min(3)};
            long[] max = {min[0] + tw - 1, min[1] + th - 1, stack.max(2), stack.max(3)};
            Cursor<FloatType> c = Views.flatIterable(Views.interval(extended, min, max)).cursor();
            for (int z = 0; z < depth; z++) {
                for (int ch = 0; ch < channels; ch++) {
                    for (int i = 0; i < tw * th; i++) {
                        in[(z * tw * th + i) * channels + ch] = c.next().get();
                    }
                }
            }
            long t1 = System.nanoTime();
            float[] out = augment ? augmented(in, depth, th, tw, channels, scores, logits)
                    : model.predict(in, depth, th, tw);
            long t2 = System.nanoTime();
            if (logits && !augment) {
                softmax(out, scores);
            }
            for (int z = 0; z < depth; z++) {
                writeCore(t, out, z * tw * th * scores, scores, classes, Views.hyperSlice(labels, 2, labels.min(2) + z),
                        probabilities == null ? null : Views.hyperSlice(probabilities, 3, probabilities.min(3) + z));
            }
            times.add(TILE_INPUT, t1 - t0);
            times.add(NETWORK, t2 - t1);
            times.add(ARG_MAX, System.nanoTime() - t2);
            afterTile.run();
        }
    }

    /**
     * Writes a tile's core: the best of {@code scores} channels per pixel, and the probability of each of
     * {@code classes} classes, channels past the last class (distance levels) adding to it.
     */
    private static <L extends IntegerType<L>> void writeCore(Tiling.Tile t, float[] out, int offset, int scores,
                                                             int classes,
                                                             RandomAccessibleInterval<L> labels,
                                                             RandomAccessibleInterval<FloatType> probabilities) {
        int tw = t.inputWidth();
        long x0 = labels.min(0) + t.x();
        long y0 = labels.min(1) + t.y();
        Cursor<L> lc = Views.flatIterable(Views.interval(labels,
                new long[] {x0, y0}, new long[] {x0 + t.width() - 1, y0 + t.height() - 1})).cursor();
        int ox = (int) (t.x() - t.inputX());
        int oy = (int) (t.y() - t.inputY());
        for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
                int base = offset + ((y + oy) * tw + x + ox) * scores;
                lc.next().setInteger(scores > classes ? meanLevel(out, base, scores) : argMax(out, base, scores));
            }
        }
        if (probabilities == null) {
            return;
        }
        long px = probabilities.min(0) + t.x();
        long py = probabilities.min(1) + t.y();
        Cursor<FloatType> pc = Views.flatIterable(Views.interval(probabilities,
                new long[] {px, py, probabilities.min(2)},
                new long[] {px + t.width() - 1, py + t.height() - 1, probabilities.max(2)})).cursor();
        for (int k = 0; k < classes; k++) {
            int last = k < classes - 1 ? k : scores - 1;
            for (int y = 0; y < t.height(); y++) {
                for (int x = 0; x < t.width(); x++) {
                    int base = offset + ((y + oy) * tw + x + ox) * scores;
                    float p = 0;
                    for (int j = k; j <= last; j++) {
                        p += out[base + j];
                    }
                    pc.next().set(p);
                }
            }
        }
    }

    /** The class of the highest of {@code scores} values from {@code base} (the first of equal ones). */
    public static int argMax(float[] out, int base, int scores) {
        int best = 0;
        for (int k = 1; k < scores; k++) {
            if (out[base + k] > out[base + best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * A distance level read from its probabilities: 0 where the object's probability (1 - background's) is at most
     * one half, else the mean level given the pixel is an object, rounded. The mean is steadier than the most
     * likely level where neighbouring levels share the probability, which they do along every ring.
     */
    static int meanLevel(float[] out, int base, int scores) {
        double object = 1 - out[base];
        if (!(object > 0.5)) {
            return 0;
        }
        double sum = 0;
        for (int k = 1; k < scores; k++) {
            sum += k * out[base + k];
        }
        return (int) Math.max(1, Math.min(scores - 1, Math.round(sum / object)));
    }

    /**
     * The network on each flip and quarter turn of a tile the model was trained under, each output turned back,
     * probabilities averaged (in a fixed order, so every run gives the same sums). The tile's sides are multiples of
     * the size divisor, so a turned tile keeps the pooling grid of the whole image and tiled still equals untiled.
     * A volumetric model's tile, {@code depth} planes deep, has every plane turned alike (z stays z).
     */
    private float[] augmented(float[] in, int depth, int h, int w, int c, int k, boolean logits) {
        float[] sum = new float[depth * h * w * k];
        for (int code : symmetries) {
            int th = Symmetry.transposes(code) ? w : h;
            int tw = Symmetry.transposes(code) ? h : w;
            float[] out = model.predict(transformed(in, depth, tw, th, c, code), depth, th, tw);
            if (logits) {
                softmax(out, k);
            }
            for (int z = 0, i = 0; z < depth; z++) {
                for (int v = 0; v < th; v++) {
                    for (int u = 0; u < tw; u++, i++) {
                        int src = z * h * w + Symmetry.sourceIndex(u, v, tw, th, code);
                        for (int j = 0; j < k; j++) {
                            sum[src * k + j] += out[i * k + j];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= symmetries.length;
        }
        return sum;
    }

    /**
     * The {@code tw} x {@code th} planes under a {@link Symmetry} code of {@code depth} c-channel planes, pixels
     * row-major.
     */
    static float[] transformed(float[] v, int depth, int tw, int th, int c, int code) {
        float[] out = new float[v.length];
        int plane = tw * th;
        for (int z = 0, i = 0; z < depth; z++) {
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++, i++) {
                    System.arraycopy(v, (z * plane + Symmetry.sourceIndex(x, y, tw, th, code)) * c, out, i * c, c);
                }
            }
        }
        return out;
    }

    private static void softmax(float[] v, int k) {
        for (int i = 0; i < v.length; i += k) {
            float max = v[i];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, v[i + j]);
            }
            float sum = 0;
            for (int j = 0; j < k; j++) {
                v[i + j] = (float) Math.exp(v[i + j] - max);
                sum += v[i + j];
            }
            for (int j = 0; j < k; j++) {
                v[i + j] /= sum;
            }
        }
    }
}
