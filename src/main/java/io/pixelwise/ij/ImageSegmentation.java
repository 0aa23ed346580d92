package io.pixelwise.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import io.pixelwise.io.FileNames;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.regions.Panoptic;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The pipeline's in-memory sink for ImageJ: the class image, the instance label image, probabilities, panoptic
 * image and ROIs as ImageJ objects. Shared by the SciJava command, the ImageJ 1.x plugin and the command line; the
 * input image is only read.
 */
public final class ImageSegmentation {

    /**
     * @param probabilities null unless asked for
     * @param summary       counts, device, time; its stage times end with ROIs and ImageJ images
     */
    public record Output(ImagePlus classes, ImagePlus instances, ImagePlus probabilities, ImagePlus panoptic,
                         List<Roi> rois, Pipeline.Summary summary) {
    }

    public static final String ROIS = "ROIs";
    public static final String IMAGEJ_IMAGES = "ImageJ images";

    private ImageSegmentation() {
    }

    public static Output run(ImagePlus imp, SegmentationModel model, Pipeline.Settings s, Progress progress) {
        InMemory sink = new InMemory(imp, model.descriptor(), s);
        Pipeline.Summary summary;
        try {
            summary = run(imp, model, s, sink, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // an in-memory sink writes nothing
        }
        return new Output(sink.classes, sink.instances, sink.probabilities, sink.panoptic, sink.rois, summary);
    }

    /** The pipeline on an ImagePlus, into {@code sink}. */
    static <T extends RealType<T>> Pipeline.Summary run(ImagePlus imp, SegmentationModel model, Pipeline.Settings s,
                                                        Pipeline.Sink sink, Progress progress) throws IOException {
        Pipeline.Source<T> source = source(imp, model.descriptor().imageChannels(), s.channels());
        long channels = source.dimensions()[2];
        if (channels != model.descriptor().imageChannels()) {
            throw new IllegalArgumentException("Model '" + model.descriptor().name + "' sees "
                    + model.descriptor().imageChannels() + " channel(s) per pixel but " + (s.channels().isEmpty()
                    ? "image '" + imp.getTitle() + "' has " + channels + "; choose which with the option '"
                    + SegmentOptions.CHANNELS + "' (in a macro " + SegmentOptions.CHANNELS
                    + "=1, on the command line --" + SegmentOptions.CHANNELS + " 1)"
                    : channels + " were chosen (" + SegmentOptions.CHANNELS + "=" + s.channels() + ")"));
        }
        return Pipeline.run(model, source, imp.getTitle(), Calibrations.of(imp), s, sink, progress);
    }

    /** Keeps the whole result as ImageJ images and ROIs. */
    private static final class InMemory implements Pipeline.Sink {
        private final ImagePlus imp;
        private final ModelDescriptor d;
        private final Pipeline.Settings s;
        ImagePlus classes;
        ImagePlus instances;
        ImagePlus probabilities;
        ImagePlus panoptic;
        List<Roi> rois;

        InMemory(ImagePlus imp, ModelDescriptor d, Pipeline.Settings s) {
            this.imp = imp;
            this.d = d;
            this.s = s;
        }

        @Override
        public void accept(Pipeline.Part part) {
            var r = part.segmentation();
            var inst = part.instances();
            StageTimes times = part.times();
            rois = times.time(ROIS, () -> Rois.fromInstances(inst, d.classes, s.touching(), imp));
            long t1 = System.nanoTime();
            String base = FileNames.stem(imp.getTitle());
            var cal = imp.getCalibration();
            classes = LabelImages.toImagePlus(r.classes(), d.classes.size() - 1, base + "-classes", cal);
            classes.setProp(RegionMeasurement.CLASS_NAMES_PROPERTY, String.join(",", d.classes));
            if (d.boundary_class != null) {
                classes.setProp(RegionMeasurement.BOUNDARY_CLASS_PROPERTY, d.boundary_class);
            }
            instances = LabelImages.toImagePlus(inst.labels(), inst.count(), base + "-instances", cal);
            if (d.outline_inset > 0) {
                for (ImagePlus labels : List.of(classes, instances)) {
                    labels.setProp(RegionMeasurement.OUTLINE_INSET_PROPERTY, String.valueOf(d.outline_inset));
                }
            }
            panoptic = s.panoptic() ? LabelImages.panoptic(Panoptic.classes(r.classes(), inst), inst,
                    base + "-panoptic", cal, d.classes) : null;
            probabilities = r.probabilities() == null ? null
                    : LabelImages.probabilities(r.probabilities(), base + "-probabilities", cal);
            ImageFiles.keepSpace(imp, classes, instances, probabilities, panoptic);
            times.add(IMAGEJ_IMAGES, System.nanoTime() - t1);
        }
    }

    /**
     * The image as the model's input [x, y, channel, z, t], through the one ImageJ-to-ImgLib2 view the model's
     * channels and the chosen ones (empty: all) ask for; a plane on its own is read only when asked for (a virtual
     * stack reads it from disk then).
     */
    public static <T extends RealType<T>> Pipeline.Source<T> source(ImagePlus imp, int modelChannels,
                                                                    List<Integer> channels) {
        return new Pipeline.Source<>() {
            @Override
            public long[] dimensions() {
                long[] dims = ImagePlusViews.dimensions(imp);
                dims[2] = !channels.isEmpty() ? channels.size()
                        : imp.getType() == ImagePlus.COLOR_RGB ? modelChannels : dims[2];
                return dims;
            }

            @Override
            public RandomAccessibleInterval<T> all() {
                return ImagePlusViews.modelInput(imp, modelChannels, channels);
            }

            @Override
            public RandomAccessibleInterval<T> plane(int z, int t) {
                return ImagePlusViews.modelInput(ImageSegmentation.plane(imp, z, t), modelChannels, channels);
            }
        };
    }

    /** The channels of plane (z, t) as an image of its own. */
    private static ImagePlus plane(ImagePlus imp, int z, int t) {
        ImageStack stack = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int c = 0; c < imp.getNChannels(); c++) {
            stack.addSlice(imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1)));
        }
        ImagePlus plane = new ImagePlus(imp.getTitle(), stack);
        plane.setDimensions(imp.getNChannels(), 1, 1);
        plane.setCalibration(imp.getCalibration());    // its values as the whole image's (a calibration function)
        return plane;
    }
}
