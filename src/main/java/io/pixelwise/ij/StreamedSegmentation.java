package io.pixelwise.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.io.FileNames;
import io.pixelwise.io.TiffStackWriter;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.regions.Instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Segment Image for stacks larger than memory: plane by plane, each plane's results written as soon as they exist
 * (class TIFF, instance TIFF, ROI set), so memory holds one plane and its results whatever the stack's size. The
 * input is read a plane at a time; opened as a virtual stack it stays on disk. Classes are written 8-bit (16-bit
 * beyond 256 classes); instance ids run on across planes and are written 32-bit, exact up to 2^24, since the count
 * is not known until the end. For models that see each plane on its own, with 2D instances ({@link #whyNot}).
 */
public final class StreamedSegmentation {

    /** Where the results go; none of them may be the input. */
    public record Outputs(Path classes, Path instances, Path rois) {

        /**
         * {@code base-classes.tif}, {@code base-instances.tif} and {@code base-rois.zip} in {@code folder} (created
         * if missing); refused where one would be the file {@code input} (null: no file).
         */
        public static Outputs in(Path folder, String base, Path input) throws IOException {
            Files.createDirectories(folder);
            return new Outputs(ImageFiles.notInput(folder.resolve(base + "-classes.tif"), input),
                    ImageFiles.notInput(folder.resolve(base + "-instances.tif"), input),
                    ImageFiles.notInput(folder.resolve(base + "-rois.zip"), input));
        }
    }

    /** @param objectCounts objects per object class, in class order */
    public record Summary(Map<String, Integer> objectCounts, long rois, String device, int tileSide, long millis,
                          StageTimes times) {
    }

    public static final String READING = "reading planes";
    public static final String WRITING = "writing results";

    private StreamedSegmentation() {
    }

    /** Why this model or these settings need the whole stack in memory; null when it can go plane by plane. */
    public static String whyNot(ModelDescriptor d, ImageSegmentation.Settings s) {
        if (d.context_slices > 0) {
            return "model '" + d.name + "' sees " + d.context_slices + " neighbouring slice(s) on each side";
        }
        if ("stack".equals(d.normalization.scope)) {
            return "model '" + d.name + "' normalises intensities over the whole stack";
        }
        if (d.one_object_per_class) {
            return "model '" + d.name + "' keeps one object per class in the whole scan";
        }
        if (s.volumes3D()) {
            return "3D instances join objects across planes";
        }
        if (s.probabilities() || s.panoptic()) {
            return "probability and panoptic images are only made in memory";
        }
        return null;
    }

    public static Summary run(ImagePlus imp, SegmentationModel model, ImageSegmentation.Settings s, Outputs files,
                              Progress progress) throws IOException {
        long t0 = System.nanoTime();
        ModelDescriptor d = model.descriptor();
        String why = whyNot(d, s);
        if (why != null) {
            throw new IllegalArgumentException("Cannot segment '" + imp.getTitle() + "' plane by plane: " + why
                    + "; segment it in memory instead");
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        int nz = imp.getNSlices();
        int nt = imp.getNFrames();
        int k = d.classes.size();
        Calibration cal = Calibrations.of(imp);
        Instances.Rules rules = Segmenter.instanceRules(d, s.touching(), s.minSize(), s.splitDepth());
        var classType = k <= 256 ? TiffStackWriter.PixelType.UINT8 : TiffStackWriter.PixelType.UINT16;
        StageTimes times = new StageTimes();
        Map<String, Integer> counts = ImageSegmentation.noObjects(d);
        int objects = 0;
        long roiCount = 0;
        int tileSide = 0;
        boolean complete = false;
        try (var classesOut = new TiffStackWriter(files.classes(), w, h, classType, nz, nt, cal);
             var instancesOut = new TiffStackWriter(files.instances(), w, h, TiffStackWriter.PixelType.FLOAT32, nz,
                     nt, cal);
             var roisOut = new Rois.ZipWriter(files.rois())) {
            for (int t = 0; t < nt; t++) {
                for (int z = 0; z < nz; z++) {
                    progress.checkCanceled();
                    long index = (long) t * nz + z;
                    progress.status(String.format("Segmenting plane z=%d t=%d (%d of %d)", z + 1, t + 1, index + 1,
                            (long) nz * nt));
                    int zz = z;
                    int tt = t;
                    ImagePlus plane = times.time(READING, () -> plane(imp, zz, tt));
                    Segmenter.Result r = ImageSegmentation.segment(plane, model,
                            new Segmenter.Options(s.tileSize(), false), progress.part(index, (long) nz * nt));
                    times.addAll(r.times());
                    tileSide = r.tileSide();
                    Instances.Result inst = times.time(ImageSegmentation.INSTANCES,
                            () -> Instances.label(r.classes(), rules, false));
                    int firstId = objects;
                    if ((long) firstId + inst.count() > LabelImages.MAX_32BIT) {
                        throw new IllegalArgumentException("'" + imp.getTitle() + "' has more than "
                                + LabelImages.MAX_32BIT + " objects, more than a 32-bit label image numbers exactly");
                    }
                    List<Roi> rois = times.time(ImageSegmentation.ROIS,
                            () -> Rois.fromInstances(inst, d.classes, s.touching(), plane, firstId));
                    long t1 = System.nanoTime();
                    for (Roi roi : rois) {
                        Rois.setPosition(roi, imp, z, t);
                        roisOut.add(roi);
                    }
                    classesOut.write(classPlane(r.classes().getPlane(0).getCurrentStorageArray(), classType));
                    instancesOut.write(instancePlane(inst.labels().getPlane(0).getCurrentStorageArray(), firstId));
                    times.add(WRITING, System.nanoTime() - t1);
                    ImageSegmentation.count(inst, d, counts);
                    objects += inst.count();
                    roiCount += rois.size();
                }
            }
            roisOut.finish();
            complete = true;
        } finally {
            if (!complete) {
                deleteQuietly(files);
            }
        }
        progress.fraction(1);
        return new Summary(counts, roiCount, model.device(), tileSide, (System.nanoTime() - t0) / 1_000_000, times);
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
    public static Opened intoFolder(ImagePlus imp, SegmentationModel model, ImageSegmentation.Settings s, Path folder,
                                    Progress progress) throws IOException {
        Outputs files = Outputs.in(folder, FileNames.stem(imp.getTitle()), ImageFiles.sourceFile(imp));
        Summary summary = run(imp, model, s, files, progress);
        long objects = summary.objectCounts().values().stream().mapToLong(Integer::longValue).sum();
        return new Opened(files, summary, LabelImages.openVirtual(files.classes(), model.descriptor().classes.size()
                - 1), LabelImages.openVirtual(files.instances(), objects));
    }

    /** What {@link #intoFolder} wrote and the class and instance images read back from it. */
    public record Opened(Outputs files, Summary summary, ImagePlus classes, ImagePlus instances) {
    }


    /** The channels of plane (z, t) as an image of its own; a virtual stack reads them from disk now. */
    private static ImagePlus plane(ImagePlus imp, int z, int t) {
        ImageStack stack = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int c = 0; c < imp.getNChannels(); c++) {
            stack.addSlice(imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1)));
        }
        ImagePlus plane = new ImagePlus(imp.getTitle(), stack);
        plane.setDimensions(imp.getNChannels(), 1, 1);
        return plane;
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
