package io.pixelwise.bench;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import io.pixelwise.command.SegmentImageCommand;
import io.pixelwise.infer.TileSizes;
import io.pixelwise.pipeline.SegmentOptions;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Segment Image on a 512 x 512 x 64 z-stack against the raw model on the same voxels, in one JVM run: the baseline is
 * one {@code session.run} per plane on a warm session with the planes already normalised in memory (the least a
 * slice-by-slice 2D model can cost); against it, the whole Segment Image command (normalisation, tiles,
 * arg-max, instances, ROIs) and where its time goes. Usage: {@code StackBenchmark [MODEL] [SAMPLE_IMAGE] [REPEATS]}; prints a Markdown table.
 */
public final class StackBenchmark {

    private static final int SIDE = 512;
    private static final int PLANES = 64;

    public static void main(String[] args) throws Exception {
        InferenceBenchmark.Inputs in = InferenceBenchmark.Inputs.of(args);
        Path modelDir = in.modelDir();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ImagePlus stack = stack(IJ.openImage(in.sample()));
        float[][] planes = new float[PLANES][];
        for (int z = 0; z < PLANES; z++) {
            float[] px = (float[]) stack.getStack().getProcessor(z + 1).convertToFloat().getPixels();
            planes[z] = px.clone();
            for (int i = 0; i < px.length; i++) {
                planes[z][i] /= 255f;
            }
        }
        double raw = InferenceBenchmark.median(repeats, () -> rawPerPlane(modelDir, planes));
        int[] objects = new int[1];
        double command;
        String breakdown;
        try (Context context = new Context(CommandService.class, StatusService.class, LogService.class)) {
            command = InferenceBenchmark.median(repeats, () -> InferenceBenchmark.wall(() -> {
                Module m = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                        "image", stack, "model", modelDir.toString(), "tile", TileSizes.AUTO,
                        "rois", SegmentOptions.ROIS_NONE).get();
                objects[0] = (Integer) m.getOutput("objectCount");
            }));
            breakdown = InferenceBenchmark.breakdown(modelDir, stack, raw, command, repeats);
        }
        System.out.printf(Locale.ROOT, "| path (%dx%dx%d, 8-bit, model %s) | median s | x raw | Mvoxel/s |%n", SIDE,
                SIDE, PLANES, in.model());
        System.out.println("|---|---|---|---|");
        double mvox = (double) SIDE * SIDE * PLANES / 1e6;
        System.out.printf(Locale.ROOT, "| raw `session.run` per plane, warm session, planes normalised in memory | "
                + "%.2f | 1.00 | %.2f |%n", raw, mvox / raw);
        System.out.printf(Locale.ROOT, "| Segment Image command (default tile: from free memory, + instances per plane, "
                + "ROIs), %d objects | %.2f | %.2f | %.2f |%n", objects[0], command, command / raw,
                mvox / command);
        System.out.print(breakdown);
    }

    /** The sample mosaicked to 512 x 512, mirrored differently on every plane so no two planes are alike. */
    private static ImagePlus stack(ImagePlus sample) {
        ImageStack s = new ImageStack(SIDE, SIDE);
        ImagePlus plane = InferenceBenchmark.mosaic(sample);
        for (int z = 0; z < PLANES; z++) {
            ImageProcessor ip = plane.getProcessor().duplicate();
            ip.setRoi((z * 23) % (plane.getWidth() - SIDE), (z * 37) % (plane.getHeight() - SIDE), SIDE, SIDE);
            s.addSlice(null, ip.crop());
        }
        return new ImagePlus("stack", s);
    }

    private static double rawPerPlane(Path modelDir, float[][] planes) throws Exception {
        try (SavedModelBundle b = SavedModelBundle.load(modelDir.toString(), "serve")) {
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIDE, SIDE, 1), DataBuffers.of(planes[0], true, false))) {
                b.session().runner().feed("image", x).fetch("probabilities").run().close();
            }
            long t0 = System.nanoTime();
            for (float[] p : planes) {
                try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIDE, SIDE, 1), DataBuffers.of(p, true, false))) {
                    b.session().runner().feed("image", x).fetch("probabilities").run().close();
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
