package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.pixelwise.command.SegmentImageCommand;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.infer.TileSizes;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.model.Models;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Sessions;
import io.pixelwise.train.UNet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference throughput on a 2048x2048 image, all in one JVM run: the baseline is one raw TensorFlow
 * {@code session.run} of the same SavedModel on the whole (already normalised) image; against it, the tiled engine
 * alone, and the full Segment Image command (normalisation, tiling with halos at seams, arg-max, instances, ROIs) with where its
 * time goes; then how many class pixels each tile size changes against the untiled result (must be none), and FLOP/s.
 * Usage: {@code InferenceBenchmark [MODEL] [SAMPLE_IMAGE] [REPEATS]}; prints a Markdown table.
 */
public final class InferenceBenchmark {

    private static final int SIZE = 2048;

    public static void main(String[] args) throws Exception {
        Inputs in = Inputs.of(args);
        String modelName = in.model();
        Path modelDir = in.modelDir();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ImagePlus imp = mosaic(IJ.openImage(in.sample()));

        float[] normalised = normalisedPixels(imp);
        if (args.length > 3 && args[3].equals("interleaved")) {
            System.out.print(interleaved(modelDir, imp, normalised, repeats));
            return;
        }
        double raw = median(repeats, () -> rawSessionRun(modelDir, normalised, true));
        double rawCold = median(repeats, () -> rawSessionRun(modelDir, normalised, false));
        StringBuilder table = new StringBuilder();
        table.append(String.format("| path (2048x2048, 8-bit, model %s) | median s | x raw session.run |%n",
                modelName));
        table.append("|---|---|---|\n");
        table.append(String.format("| raw `session.run`, whole image in one tensor, warm session | %.2f | 1.00 |%n",
                raw));
        table.append(String.format("| raw: load SavedModel + first `session.run` | %.2f | %.2f |%n", rawCold,
                rawCold / raw));
        short[] untiled = engineOnly(modelDir, imp, SIZE);
        StringBuilder differences = new StringBuilder();
        for (int tile : new int[] {256, 512, 1024, 2048}) {
            double engine = median(repeats, () -> wall(() -> engineOnly(modelDir, imp, tile)));
            table.append(String.format("| engine: load + normalise + tiles of %d (halo at seams) + arg-max | %.2f | %.2f |%n",
                    tile, engine, engine / raw));
            short[] tiled = engineOnly(modelDir, imp, tile);
            long differ = 0;
            for (int i = 0; i < tiled.length; i++) {
                differ += tiled[i] != untiled[i] ? 1 : 0;
            }
            differences.append(String.format("| %d | %d |%n", tile, differ));
        }
        try (Context context = new Context(CommandService.class, StatusService.class, LogService.class)) {
            int[] objects = new int[1];
            double command = 0;
            int auto;
            try (SegmentationModel m = SegmentationModel.load(modelDir)) {
                auto = TileSizes.side(m.descriptor(), SIZE, SIZE);
            }
            for (int tile : new int[] {1024, TileSizes.AUTO}) {
                command = median(repeats, () -> wall(() -> {
                    Module m = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                            "image", imp, "model", modelDir.toString(), "tile", tile,
                            "rois", SegmentOptions.ROIS_NONE).get();
                    objects[0] = (Integer) m.getOutput("objectCount");
                }));
                table.append(String.format("| Segment Image command (tile %s, + instances, ROIs), %d objects "
                        + "| %.2f | %.2f |%n", tile == TileSizes.AUTO ? "0 = from free memory, the default: " + auto
                        : tile, objects[0], command, command / raw));
            }
            table.append(breakdown(modelDir, imp, raw, command, repeats));
        }
        table.append(String.format("%n| tile side (the image is %d^2; %d = one tile, untiled) | class pixels that "
                + "differ from untiled |%n|---|---|%n", SIZE, SIZE)).append(differences);
        table.append(flops(modelDir, raw, repeats));
        System.out.print(table);
    }

    /**
     * The default command against the raw run on a machine whose speed drifts: {@code rounds} rounds of raw run,
     * Segment Image at the default tile and at tile 1024, back to back, each command's time divided by its round's
     * raw time; the median ratio over rounds (and its range) is the figure, robust to slow minutes that a table of
     * medians taken row after row is not.
     */
    private static String interleaved(Path modelDir, ImagePlus imp, float[] normalised, int rounds) throws Exception {
        int auto;
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            auto = TileSizes.side(m.descriptor(), SIZE, SIZE);
        }
        int[] tiles = {TileSizes.AUTO, 1024};
        double[][] ratios = new double[tiles.length][rounds];
        try (Context context = new Context(CommandService.class, StatusService.class, LogService.class)) {
            Job[] command = new Job[tiles.length];
            for (int t = 0; t < tiles.length; t++) {
                int tile = tiles[t];
                command[t] = () -> context.service(ModuleService.class).run(context.service(CommandService.class)
                        .getCommand(SegmentImageCommand.class), true, "image", imp, "model", modelDir.toString(),
                        "tile", tile, "rois", SegmentOptions.ROIS_NONE).get();
                command[t].run();
            }
            rawSessionRun(modelDir, normalised, true);
            for (int r = 0; r < rounds; r++) {
                double raw = rawSessionRun(modelDir, normalised, true);
                for (int t = 0; t < tiles.length; t++) {
                    ratios[t][r] = wall(command[t]) / raw;
                }
            }
        }
        StringBuilder b = new StringBuilder(String.format("| Segment Image command (+ instances, ROIs) vs raw "
                + "`session.run`, %d interleaved rounds | time / raw, median | range | throughput vs raw |%n"
                + "|---|---|---|---|%n", rounds));
        for (int t = 0; t < tiles.length; t++) {
            double[] sorted = ratios[t].clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            b.append(String.format("| tile %s | %.2f | %.2f-%.2f | %.2f |%n", tiles[t] == TileSizes.AUTO
                    ? "0 (the default: from free memory, here " + auto + ")" : String.valueOf(tiles[t]), median,
                    sorted[0], sorted[rounds - 1], 1 / median));
        }
        return b.toString();
    }

    /**
     * Model FLOPs per megapixel (from the architecture in its descriptor), what the raw run achieved, and the CPU's
     * peak as TensorFlow reaches it on a large matrix product with the same thread settings.
     */
    private static String flops(Path modelDir, double raw, int repeats) throws Exception {
        ModelDescriptor d;
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            d = m.descriptor();
        }
        if (d.network == null) {
            return "";
        }
        double perPixel = UNet.flopsPerPixel(UNet.Config.of(d.network, d.imageChannels(), d.classes.size()));
        double achieved = perPixel * SIZE * SIZE / raw / 1e9;
        double peak = 2.0 * MATMUL * MATMUL * MATMUL / median(repeats, InferenceBenchmark::matmul) / 1e9;
        return String.format("%nModel: %.1f GFLOP per megapixel (convolutions, 2 FLOPs per multiply-add). Raw "
                + "`session.run` achieves %.1f GFLOP/s; a %dx%d float matrix product in TensorFlow reaches %.1f GFLOP/s "
                + "on this CPU, so the network runs at %.0f%% of that peak.%n", perPixel * 1e6 / 1e9, achieved, MATMUL,
                MATMUL, peak, 100 * achieved / peak);
    }

    private static final int MATMUL = 2048;

    /** One timed product of a fed 2048x2048 matrix with itself, after an untimed first run. */
    private static double matmul() {
        float[] data = new float[MATMUL * MATMUL];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        try (Graph g = new Graph();
             TFloat32 x = TFloat32.tensorOf(Shape.of(MATMUL, MATMUL), DataBuffers.of(data, true, false))) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> a = tf.placeholder(TFloat32.class);
            Operand<TFloat32> product = tf.sum(tf.linalg.matMul(a, a), tf.constant(new int[]{0, 1}));
            try (Session s = new Session(g, Sessions.config(0, 0))) {
                s.runner().feed(a, x).fetch(product).run().close();
                long t0 = System.nanoTime();
                s.runner().feed(a, x).fetch(product).run().close();
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    /**
     * The benchmarks' first two arguments: a model name or folder (default: the default model) and a sample image
     * (default: the model's bundled sample).
     */
    record Inputs(String model, Path modelDir, String sample) {
        static Inputs of(String[] args) {
            String model = args.length > 0 ? args[0] : Models.DEFAULT;
            Path dir = Models.resolve(model, List.of());
            return new Inputs(model, dir, args.length > 1 ? args[1]
                    : dir.resolve("samples/dsb2018-04acab76.png").toString());
        }
    }

    /** The sample repeated (mirrored) to fill 2048x2048, so the benchmark has real nuclei everywhere. */
    static ImagePlus mosaic(ImagePlus sample) {
        return mosaic(sample, SIZE);
    }

    /** The sample repeated (mirrored) to fill size x size. */
    public static ImagePlus mosaic(ImagePlus sample, int size) {
        ImageProcessor src = sample.getProcessor().convertToByte(true);
        ImagePlus imp = IJ.createImage("mosaic", "8-bit black", size, size, 1);
        ImageProcessor ip = imp.getProcessor();
        int w = src.getWidth();
        int h = src.getHeight();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx = (x / w) % 2 == 0 ? x % w : w - 1 - x % w;
                int sy = (y / h) % 2 == 0 ? y % h : h - 1 - y % h;
                ip.set(x, y, src.get(sx, sy));
            }
        }
        return imp;
    }

    /** Pixels scaled to 0..1, prepared outside the timed region. */
    private static float[] normalisedPixels(ImagePlus imp) {
        float[] px = ((float[]) imp.getProcessor().convertToFloat().getPixels()).clone();
        for (int i = 0; i < px.length; i++) {
            px[i] /= 255f;
        }
        return px;
    }

    /**
     * Baseline: the graph on the whole image in one call. Warm: a first run (graph optimisation) is not timed;
     * cold: loading the SavedModel and the first run are.
     */
    private static double rawSessionRun(Path modelDir, float[] in, boolean warm) throws Exception {
        long t0 = System.nanoTime();
        try (SavedModelBundle b = SavedModelBundle.load(modelDir.toString(), "serve");
             TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(in, true, false))) {
            if (warm) {
                b.session().runner().feed("image", x).fetch("probabilities").run().close();
                t0 = System.nanoTime();
            }
            b.session().runner().feed("image", x).fetch("probabilities").run().close();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /**
     * Where the command's time goes: the stages of one Segment Image run (the median of {@code repeats} by total) on
     * a loaded model, model loading timed on its own, and the rest of the command (SciJava, display) as what is left
     * of {@code command}; each in seconds and as a multiple of {@code raw}.
     */
    static String breakdown(Path modelDir, ImagePlus imp, double raw, double command, int repeats) throws Exception {
        double load = median(repeats, () -> wall(() -> SegmentationModel.load(modelDir).close()));
        List<StageTimes> runs = new ArrayList<>();
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            var settings = io.pixelwise.pipeline.Pipeline.Settings.defaults();
            ImageSegmentation.run(imp, m, settings, Progress.NONE);
            for (int i = 0; i < repeats; i++) {
                runs.add(ImageSegmentation.run(imp, m, settings, Progress.NONE).summary().times());
            }
        }
        runs.sort(Comparator.comparingDouble(t -> t.seconds().values().stream().mapToDouble(d -> d).sum()));
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("model loading", load);
        stages.putAll(runs.get(repeats / 2).seconds());
        double accounted = stages.values().stream().mapToDouble(d -> d).sum();
        stages.put("rest of the command (SciJava, ROI display)", Math.max(0, command - accounted));
        StringBuilder b = new StringBuilder(String.format("%n| where the command's time goes | s | x raw |%n"
                + "|---|---|---|%n"));
        stages.forEach((stage, sec) -> b.append(String.format("| %s | %.2f | %.3f |%n", stage, sec, sec / raw)));
        return b.toString();
    }

    /** The class labels of the engine's run (plane 0, x fastest). */
    private static short[] engineOnly(Path modelDir, ImagePlus imp, int tile) {
        try (SegmentationModel m = SegmentationModel.load(modelDir)) {
            RandomAccessibleInterval<UnsignedByteType> in = ImagePlusViews.wrapBytes(imp);
            return Segmenter.segment(m, in, new Segmenter.Options(tile, false), Progress.NONE).classes().getPlane(0)
                    .getCurrentStorageArray();
        }
    }

    interface Job {
        void run() throws Exception;
    }

    interface Timed {
        double seconds() throws Exception;
    }

    static double wall(Job job) throws Exception {
        long t0 = System.nanoTime();
        job.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Median of {@code repeats} timings after one warm-up run (JIT, native library loading). */
    static double median(int repeats, Timed job) throws Exception {
        job.seconds();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            t[i] = job.seconds();
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }
}
