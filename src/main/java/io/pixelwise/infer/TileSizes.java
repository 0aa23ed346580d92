package io.pixelwise.infer;

import io.pixelwise.io.MemoryBudget;
import io.pixelwise.model.ModelDescriptor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The tile side Segment Image uses when the user leaves it to Pixelwise ({@link #AUTO}): the largest the free memory
 * allows, so a machine with room runs a plane as one tile (no seams, no halo recomputed) and a tight one still runs.
 * Labels do not depend on the choice (tiled output equals untiled output), only time and memory do.
 */
public final class TileSizes {

    /** The tile option's value that asks for a side chosen from free memory. */
    public static final int AUTO = 0;

    /** Never chosen smaller than this, however little is free (tiles of 256 cost 2.1x the untiled time, 512 1.5x). */
    public static final int SMALLEST_AUTO = 512;

    /**
     * TensorFlow's working memory per input pixel and base filter of a U-Net at full resolution, in bytes: measured
     * peak RSS over single-tile runs of 512^2 to 3072^2 (1.06-1.16 KiB per pixel for nuclei-fluo, 32 filters;
     * BENCHMARKS.md "Tile side from free memory"), rounded up.
     */
    static final int BYTES_PER_PIXEL_AND_FILTER = 36;

    /** Segmentations now choosing or running an automatic tile in this JVM (Batch workers, Spark tasks). */
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private TileSizes() {
    }

    /**
     * Bytes per pixel of a tile's network input while it runs: the network's feature maps (scaled by the
     * downscaling the model does first) plus the full-resolution input, probabilities and copies around them. Models
     * without a described network (imported ones) are costed as a 32-filter U-Net.
     */
    public static long bytesPerPixel(ModelDescriptor d) {
        int filters = d.network != null ? d.network.base_filters : 32;
        int scale = d.network != null ? Math.max(1, d.network.input_scale) : 1;
        long network = (long) BYTES_PER_PIXEL_AND_FILTER * filters / ((long) scale * scale);
        return network + 4L * (d.input.channels + 3L * d.scoreChannels()) + 16;
    }

    /**
     * The core side for a plane of {@code width} x {@code height} given {@code budget} bytes for one tile: the
     * whole plane when its input fits, else the fewest tiles that fit, made equal in size (3072 at a limit of 2600
     * is two tiles of 1536, not 2600 + 472). At least {@link #SMALLEST_AUTO}, whatever the budget.
     */
    public static int side(ModelDescriptor d, long width, long height, long budget) {
        int divisor = d.size_divisor;
        long paddedW = roundUp(width, divisor);
        long paddedH = roundUp(height, divisor);
        long longest = Math.max(paddedW, paddedH);
        long smallest = roundUp(Math.max(SMALLEST_AUTO, d.min_tile), divisor);
        long pixels = budget / bytesPerPixel(d);
        long core = longest;
        for (long tiles = 1; core > smallest; tiles++) {
            core = roundUp((longest + tiles - 1) / tiles, divisor);
            // the largest input of this grid: an inner tile, with a halo on each side, cut at the padded plane
            long input = Math.min(core + 2L * d.halo, paddedW) * Math.min(core + 2L * d.halo, paddedH);
            if (input <= pixels) {
                break;
            }
        }
        return (int) Math.min(1 << 15, Math.max(core, smallest));
    }

    /** The side an automatic tile for a plane of this size would get now, with nothing else running. */
    public static int side(ModelDescriptor d, long width, long height) {
        return side(d, width, height, budget(1));
    }

    /** Half the memory the system has left outside the Java heap, shared with the other automatic tiles running. */
    public static long budget(int running) {
        return budget(MemoryBudget.systemAvailable(), running);
    }

    /** Half of {@code available}, shared among {@code running} automatic tiles. */
    static long budget(long available, int running) {
        return available / 2 / Math.max(1, running);
    }

    /**
     * Runs {@code job} with the tile side {@code requested} resolves to: itself, or for {@link #AUTO} the side
     * {@link #side} picks from what is free now. Each automatic job counts while it runs, so jobs starting together
     * split the memory instead of each taking the same half. {@code depth}: planes each tile holds at once (a
     * volumetric model's whole stack; 1 for 2D models).
     */
    public static <R> R with(int requested, ModelDescriptor d, long width, long height, long depth,
                             IntFunction<R> job) {
        if (requested != AUTO) {
            return job.apply(requested);
        }
        int running = RUNNING.incrementAndGet();
        try {
            return job.apply(side(d, width, height, budget(running) / Math.max(1, depth)));
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    private static long roundUp(long v, long d) {
        return (v + d - 1) / d * d;
    }
}
