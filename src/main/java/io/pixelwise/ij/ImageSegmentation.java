package io.pixelwise.ij;

import ij.ImagePlus;
import ij.gui.Roi;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.io.FileNames;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Instances;
import io.pixelwise.regions.Panoptic;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segments an ImagePlus with a model and turns the result into ImageJ objects: the class image, the instance
 * label image, probabilities and ROIs. Shared by the SciJava command, the ImageJ 1.x plugin and the command line;
 * the input image is only read.
 */
public final class ImageSegmentation {

    /**
     * @param touching   how object pixels connect: FACE (4 in 2D, 6 in 3D) or FULL (8, 26)
     * @param minSize    smallest object kept in pixels (voxels), or -1 for the model's setting
     * @param splitDepth neck depth in pixels at which touching objects split, 0 = never, -1 = the model's setting
     * @param panoptic   also make the panoptic image (class and instance id per pixel)
     */
    public record Settings(int tileSize, boolean probabilities, boolean volumes3D, Connectivity touching,
                           long minSize, double splitDepth, boolean panoptic) {
        /** The model's own instance settings. */
        public Settings(int tileSize, boolean probabilities, boolean volumes3D) {
            this(tileSize, probabilities, volumes3D, Instances.CONNECTIVITY, -1, -1, false);
        }
    }

    /**
     * @param objectCounts objects per object class, in class order
     * @param probabilities null unless asked for
     * @param times         where the time went: the engine's stages, then instances, ROIs and ImageJ images
     */
    public record Output(ImagePlus classes, ImagePlus instances, ImagePlus probabilities, ImagePlus panoptic,
                         List<Roi> rois, Map<String, Integer> objectCounts, String device, int tileSide, long millis,
                         StageTimes times) {
    }

    public static final String INSTANCES = "instances";
    public static final String ROIS = "ROIs";
    public static final String IMAGEJ_IMAGES = "ImageJ images";

    private ImageSegmentation() {
    }

    public static Output run(ImagePlus imp, SegmentationModel model, Settings s, Progress progress) {
        long t0 = System.nanoTime();
        ModelDescriptor d = model.descriptor();
        if (s.volumes3D() && imp.getNSlices() < 2) {
            throw new IllegalArgumentException("3D instances need a z-stack, but '" + imp.getTitle()
                    + "' has one slice");
        }
        Segmenter.Result r = segment(imp, model, new Segmenter.Options(s.tileSize(), s.probabilities()), progress);
        progress.status("Labelling objects");
        StageTimes times = r.times();
        String base = FileNames.stem(imp.getTitle());
        var cal = imp.getCalibration();
        Instances.Result inst = times.time(INSTANCES, () -> Instances.label(r.classes(),
                Segmenter.instanceRules(d, s.touching(), s.minSize(), s.splitDepth()), s.volumes3D()));
        List<Roi> rois = times.time(ROIS, () -> Rois.fromInstances(inst, d.classes, s.touching(), imp));
        long t1 = System.nanoTime();
        ImagePlus classes = LabelImages.toImagePlus(r.classes(), d.classes.size() - 1, base + "-classes", cal);
        classes.setProp(RegionMeasurement.CLASS_NAMES_PROPERTY, String.join(",", d.classes));
        if (d.boundary_class != null) {
            classes.setProp(RegionMeasurement.BOUNDARY_CLASS_PROPERTY, d.boundary_class);
        }
        ImagePlus instances = LabelImages.toImagePlus(inst.labels(), inst.count(), base + "-instances", cal);
        if (d.outline_inset > 0) {
            for (ImagePlus labels : List.of(classes, instances)) {
                labels.setProp(RegionMeasurement.OUTLINE_INSET_PROPERTY, String.valueOf(d.outline_inset));
            }
        }
        ImagePlus panoptic = s.panoptic() ? LabelImages.panoptic(Panoptic.classes(r.classes(), inst), inst,
                base + "-panoptic", cal, d.classes) : null;
        ImagePlus probs = r.probabilities() == null ? null
                : LabelImages.probabilities(r.probabilities(), base + "-probabilities", cal);
        ImageFiles.keepSpace(imp, classes, instances, probs, panoptic);
        times.add(IMAGEJ_IMAGES, System.nanoTime() - t1);
        Map<String, Integer> counts = noObjects(d);
        count(inst, d, counts);
        progress.fraction(1);
        return new Output(classes, instances, probs, panoptic, rois, counts, r.device(), r.tileSide(),
                (System.nanoTime() - t0) / 1_000_000, times);
    }

    /** Objects per object class, in class order, all zero so far. */
    static Map<String, Integer> noObjects(ModelDescriptor d) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int k : d.objectClassIndices()) {
            counts.put(d.classes.get(k), 0);
        }
        return counts;
    }

    /** Adds the instances to the counts per class. */
    static void count(Instances.Result instances, ModelDescriptor d, Map<String, Integer> counts) {
        for (Instances.Instance i : instances.instances()) {
            counts.merge(d.classes.get(i.classIndex()), 1, Integer::sum);
        }
    }

    /** The engine on an ImagePlus, seen through the one ImageJ-to-ImgLib2 view the model's channels ask for. */
    static <T extends RealType<T>> Segmenter.Result segment(ImagePlus imp, SegmentationModel model,
                                                            Segmenter.Options options, Progress progress) {
        RandomAccessibleInterval<T> input = ImagePlusViews.modelInput(imp, model.descriptor().imageChannels());
        return Segmenter.segment(model, input, options, progress);
    }

}
