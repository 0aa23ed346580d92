package io.pixelwise.ij;

import ij.ImagePlus;
import ij.gui.Roi;
import io.pixelwise.io.FileNames;
import io.pixelwise.io.OutputLayout;
import io.pixelwise.io.TiffStackWriter;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.pipeline.Pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline's file sink: Segment Image for stacks larger than memory, plane by plane, each plane's results
 * written as soon as they exist (class TIFF, instance TIFF, ROI set), so memory holds one plane and its results
 * whatever the stack's size. The input is read a plane at a time; opened as a virtual stack it stays on disk.
 * Classes are written 8-bit (16-bit beyond 256 classes); instance ids run on across planes and are written 32-bit,
 * exact up to 2^24, since the count is not known until the end. For models that see each plane on its own, with
 * 2D instances ({@link Pipeline#whyNotPlaneByPlane}).
 */
public final class StreamedSegmentation {

    /** Where the results go; none of them may be the input. */
    public record Outputs(Path classes, Path instances, Path rois) {

        /**
         * {@code classes/base.tif}, {@code instances/base.tif} and {@code rois/base.zip} in {@code folder}
         * ({@link OutputLayout}, folders created if missing); refused where one would be the file {@code input}
         * (null: no file).
         */
        public static Outputs in(Path folder, String base, Path input) throws IOException {
            OutputLayout layout = new OutputLayout(folder);
            return new Outputs(
                    OutputLayout.prepare(ImageFiles.notInput(layout.file(OutputLayout.CLASSES, base, ".tif"), input)),
                    OutputLayout.prepare(ImageFiles.notInput(layout.file(OutputLayout.INSTANCES, base, ".tif"),
                            input)),
                    OutputLayout.prepare(ImageFiles.notInput(layout.rois(base), input)));
        }
    }

    public static final String WRITING = "writing results";

    private StreamedSegmentation() {
    }

    /** Segments {@code imp} plane by plane into {@code files}; a failed or canceled run deletes what it wrote. */
    public static Pipeline.Summary run(ImagePlus imp, SegmentationModel model, Pipeline.Settings s, Outputs files,
                                       Progress progress) throws IOException {
        ModelDescriptor d = model.descriptor();
        Pipeline.requirePlaneByPlane(d, s, imp.getTitle());
        Calibration cal = Calibrations.of(imp);
        var classType = d.classes.size() <= 256 ? TiffStackWriter.PixelType.UINT8 : TiffStackWriter.PixelType.UINT16;
        boolean complete = false;
        try (var classesOut = new TiffStackWriter(files.classes(), imp.getWidth(), imp.getHeight(), classType,
                imp.getNSlices(), imp.getNFrames(), cal);
             var instancesOut = new TiffStackWriter(files.instances(), imp.getWidth(), imp.getHeight(),
                     TiffStackWriter.PixelType.FLOAT32, imp.getNSlices(), imp.getNFrames(), cal);
             var roisOut = new Rois.ZipWriter(files.rois())) {
            Pipeline.Sink sink = new Pipeline.Sink() {
                @Override
                public boolean planeByPlane() {
                    return true;
                }

                @Override
                public void accept(Pipeline.Part part) throws IOException {
                    var inst = part.instances();
                    List<Roi> rois = part.times().time(ImageSegmentation.ROIS,
                            () -> Rois.fromInstances(inst, d.classes, s.touching(), imp, part.firstId()));
                    long t1 = System.nanoTime();
                    for (Roi roi : rois) {
                        Rois.setPosition(roi, imp, part.z(), part.t());
                        roisOut.add(roi);
                    }
                    classesOut.write(classPlane(part.segmentation().classes().getPlane(0).getCurrentStorageArray(),
                            classType));
                    instancesOut.write(instancePlane(inst.labels().getPlane(0).getCurrentStorageArray(),
                            part.firstId()));
                    part.times().add(WRITING, System.nanoTime() - t1);
                }
            };
            Pipeline.Summary summary = ImageSegmentation.run(imp, model, s, sink, progress);
            roisOut.finish();
            complete = true;
            return summary;
        } finally {
            if (!complete) {
                deleteQuietly(files);
            }
        }
    }

    /** A failed or canceled run leaves no half-written results that could pass for whole ones. */
    private static void deleteQuietly(Outputs files) {
        for (Path p : new Path[] {files.classes(), files.instances(), files.rois()}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the original failure is what the user needs to see
            }
        }
    }

    /**
     * Segments {@code imp} plane by plane into {@code folder}, the outputs named after the image, then opens the
     * written class and instance stacks as virtual stacks with the label LUT (still on disk, so they cost no heap):
     * Segment Image's way for stacks larger than memory.
     */
    public static Opened intoFolder(ImagePlus imp, SegmentationModel model, Pipeline.Settings s, Path folder,
                                    Progress progress) throws IOException {
        Outputs files = Outputs.in(folder, FileNames.stem(imp.getTitle()), ImageFiles.sourceFile(imp));
        Pipeline.Summary summary = run(imp, model, s, files, progress);
        return new Opened(files, summary, LabelImages.openVirtual(files.classes(), model.descriptor().classes.size()
                - 1), LabelImages.openVirtual(files.instances(), summary.objects()));
    }

    /** What {@link #intoFolder} wrote and the class and instance images read back from it. */
    public record Opened(Outputs files, Pipeline.Summary summary, ImagePlus classes, ImagePlus instances) {
    }


    private static Object classPlane(short[] classes, TiffStackWriter.PixelType type) {
        if (type == TiffStackWriter.PixelType.UINT16) {
            return classes;
        }
        byte[] out = new byte[classes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) classes[i];
        }
        return out;
    }

    private static float[] instancePlane(int[] labels, int firstId) {
        float[] out = new float[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] == 0 ? 0 : labels[i] + firstId;
        }
        return out;
    }
}
