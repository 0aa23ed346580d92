package io.pixelwise.pipeline;

import io.pixelwise.infer.Segmenter;
import io.pixelwise.measure.Calibration;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Instances;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one segmentation pipeline: image [x, y, channel, z, t] + network + settings + calibration → classes,
 * instances, counts and stage times, handed to a {@link Sink}. A sink that keeps everything gets the whole image
 * as one {@link Part}; a sink that writes as it goes ({@link Sink#planeByPlane()}) gets one plane at a time, read
 * from the {@link Source} only when its turn comes, so memory holds one plane whatever the stack's size. Segment
 * Image, the command line, Batch and validation during training all run through here.
 */
public final class Pipeline {

    /**
     * @param touching   how object pixels connect: FACE (4 in 2D, 6 in 3D) or FULL (8, 26)
     * @param minSize    smallest object kept in pixels (voxels), or -1 for the model's setting
     * @param splitDepth neck depth in pixels at which touching objects split, 0 = never, -1 = the model's setting
     * @param excludeEdges objects touching the image's edge are left out (Analyze Particles' "exclude on edges")
     * @param panoptic   also make the panoptic image (class and instance id per pixel)
     * @param channels   the image's channels (from 1; RGB: 1 red, 2 green, 3 blue) the model sees, in this order;
     *                   empty: all of them. Read where an ImageJ image becomes the {@link Source}.
     */
    public record Settings(int tileSize, boolean probabilities, boolean volumes3D, Connectivity touching,
                           long minSize, double splitDepth, boolean excludeEdges, boolean panoptic,
                           boolean augment, List<Integer> channels) {

        public Settings {
            channels = List.copyOf(channels);
        }

        /** Segment Image's defaults: the model's own instance settings. */
        public static Settings defaults() {
            return SegmentOptions.settings(SegmentOptions.SPEC.defaults());
        }

        public Settings withTile(int side) {
            return new Settings(side, probabilities, volumes3D, touching, minSize, splitDepth, excludeEdges, panoptic,
                    augment, channels);
        }
    }

    /** Where the image comes from: all of it at once, or one (z, t) plane [x, y, channel, 1, 1] at a time. */
    public interface Source<T extends RealType<T>> {
        /** [x, y, channel, z, t]. */
        long[] dimensions();

        RandomAccessibleInterval<T> all();

        RandomAccessibleInterval<T> plane(int z, int t);

        /** An image already in memory (or a lazy view), planes being views of it. */
        static <T extends RealType<T>> Source<T> of(RandomAccessibleInterval<T> image) {
            RandomAccessibleInterval<T> zero = Views.zeroMin(image);
            return new Source<>() {
                @Override
                public long[] dimensions() {
                    return Intervals.dimensionsAsLongArray(zero);
                }

                @Override
                public RandomAccessibleInterval<T> all() {
                    return zero;
                }

                @Override
                public RandomAccessibleInterval<T> plane(int z, int t) {
                    long[] max = Intervals.maxAsLongArray(zero);
                    return Views.zeroMin(Views.interval(zero, new long[] {0, 0, 0, z, t},
                            new long[] {max[0], max[1], max[2], z, t}));
                }
            };
        }
    }

    /**
     * One piece of a run: the whole image, or plane (z, t) when streaming.
     *
     * @param z            first plane's z (0 for the whole image)
     * @param t            first plane's t
     * @param segmentation classes [x, y, z, t] (and probabilities) of this piece
     * @param instances    its objects, numbered from 1 within the piece
     * @param firstId      objects found before this piece: the piece's ids run on from here in the whole image
     * @param times        the run's stage times, for the sink to add its own stages to
     */
    public record Part(int z, int t, Segmenter.Result segmentation, Instances.Result instances, int firstId,
                       StageTimes times) {
    }

    /** Takes the results; in memory, into files, into scores. */
    public interface Sink {
        /** True: hand over one plane at a time, reading each from the source only when its turn comes. */
        default boolean planeByPlane() {
            return false;
        }

        void accept(Part part) throws IOException;
    }

    /**
     * @param perFrame     objects per object class in each time point (frame), in class order
     * @param objects      all objects
     * @param volumes      objects are volumes (3D, counted per volume), not plane sections
     * @param times        where the time went: the engine's stages, instances, and the sink's own
     */
    public record Summary(Map<String, int[]> perFrame, long objects, boolean volumes, String device, int tileSide,
                          long millis, StageTimes times) {

        /** Objects per object class over all frames, in class order. */
        public Map<String, Integer> objectCounts() {
            Map<String, Integer> out = new LinkedHashMap<>();
            perFrame.forEach((name, frames) -> out.put(name, Arrays.stream(frames).sum()));
            return out;
        }

        /** How objects were counted, for tables: "per volume" (3D objects) or "per plane". */
        public String counted() {
            return volumes ? "per volume" : "per plane";
        }

        /**
         * The counts as a line of the Log says them: "nucleus 79", and for a time series each frame's too,
         * "nucleus 120 (frames 38, 40, 42)"; classes joined by ", ".
         */
        public String countsText() {
            StringBuilder sb = new StringBuilder();
            perFrame.forEach((name, frames) -> {
                sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ').append(Arrays.stream(frames).sum());
                if (frames.length > 1) {
                    sb.append(" (frames ").append(Arrays.stream(frames).mapToObj(String::valueOf)
                            .collect(Collectors.joining(", "))).append(')');
                }
            });
            return sb.toString();
        }
    }

    public static final String INSTANCES = "instances";
    public static final String READING = "reading planes";

    private Pipeline() {
    }

    /** Why this model or these settings need the whole stack in memory; null when it can go plane by plane. */
    public static String whyNotPlaneByPlane(ModelDescriptor d, Settings s) {
        if (d.context_slices > 0) {
            return "model '" + d.name + "' sees " + d.context_slices + " neighbouring slice(s) on each side";
        }
        if (d.volumetric()) {
            return "model '" + d.name + "' is a 3D network that sees the whole stack at once";
        }
        if ("stack".equals(d.normalization.scope)) {
            return "model '" + d.name + "' normalises intensities over the whole stack";
        }
        if (d.one_object_per_class) {
            return "model '" + d.name + "' keeps one object per class in the whole scan";
        }
        if (s.volumes3D() || d.objects_3d) {
            return "3D instances join objects across planes";
        }
        if (s.probabilities() || s.panoptic()) {
            return "probability and panoptic images are only made in memory";
        }
        return null;
    }

    /** Fails, saying why, where {@link #whyNotPlaneByPlane} has a reason. */
    public static void requirePlaneByPlane(ModelDescriptor d, Settings s, String title) {
        String why = whyNotPlaneByPlane(d, s);
        if (why != null) {
            throw new IllegalArgumentException("Cannot segment '" + title + "' plane by plane: " + why
                    + "; segment it in memory instead");
        }
    }

    /**
     * Segments {@code source} (named {@code title} in messages) and hands the results to {@code sink}. The
     * calibration's voxel shape reaches the watershed, so 3D objects split at necks measured in true distances.
     */
    public static <T extends RealType<T>> Summary run(Network model, Source<T> source, String title,
                                                      Calibration cal, Settings s, Sink sink, Progress progress)
            throws IOException {
        long t0 = System.nanoTime();
        ModelDescriptor d = model.descriptor();
        if ("image".equals(d.output.kind)) {
            throw new IllegalArgumentException("Model '" + d.name + "' gives images (" + String.join(", ", d.classes)
                    + "), not class scores, so it cannot label objects; run it with Run Model instead");
        }
        long[] dims = source.dimensions();
        int nz = (int) dims[3];
        int nt = (int) dims[4];
        if (s.volumes3D() && nz < 2) {
            throw new IllegalArgumentException("3D instances need a z-stack, but '" + title + "' has one slice");
        }
        boolean volumes = s.volumes3D() || d.objects_3d && nz > 1;
        Instances.Rules rules = Segmenter.instanceRules(d, s.touching(), s.minSize(), s.splitDepth(),
                s.excludeEdges());
        double[] spacing = {1, cal.pixelHeight() / cal.pixelWidth(), cal.voxelDepth() / cal.pixelWidth()};
        Segmenter.Options options = new Segmenter.Options(s.tileSize(), s.probabilities(), s.augment());
        StageTimes times = new StageTimes();
        Map<String, int[]> perFrame = new LinkedHashMap<>();
        for (int k : d.objectClassIndices()) {
            perFrame.put(d.classes.get(k), new int[nt]);
        }
        int objects = 0;
        int tileSide = 0;
        if (sink.planeByPlane()) {
            requirePlaneByPlane(d, s, title);
            long planes = (long) nz * nt;
            for (int t = 0; t < nt; t++) {
                for (int z = 0; z < nz; z++) {
                    progress.checkCanceled();
                    long index = (long) t * nz + z;
                    progress.status(String.format("Segmenting plane z=%d t=%d (%d of %d)", z + 1, t + 1, index + 1,
                            planes));
                    int zz = z;
                    int tt = t;
                    RandomAccessibleInterval<T> plane = times.time(READING, () -> source.plane(zz, tt));
                    Part part = part(model, plane, options, rules, false, spacing, z, t, objects, times,
                            progress.part(index, planes));
                    objects = addCounts(part, d, perFrame, objects, title);
                    tileSide = part.segmentation().tileSide();
                    sink.accept(part);
                }
            }
        } else {
            Part part = part(model, source.all(), options, rules, volumes, spacing, 0, 0, 0, times, progress);
            objects = addCounts(part, d, perFrame, 0, title);
            tileSide = part.segmentation().tileSide();
            sink.accept(part);
        }
        progress.fraction(1);
        return new Summary(perFrame, objects, volumes, model.device(), tileSide, (System.nanoTime() - t0) / 1_000_000,
                times);
    }

    private static <T extends RealType<T>> Part part(Network model, RandomAccessibleInterval<T> image,
                                                     Segmenter.Options options, Instances.Rules rules,
                                                     boolean volumes, double[] spacing, int z, int t, int firstId,
                                                     StageTimes times, Progress progress) {
        Segmenter.Result r = Segmenter.segment(model, image, options, progress);
        times.addAll(r.times());
        progress.status("Labelling objects");
        Instances.Result inst = times.time(INSTANCES,
                () -> Instances.label(r.instanceSource(), rules, volumes, spacing));
        return new Part(z, t, r, inst, firstId, times);
    }

    /** Adds a part's objects to the counts per class and frame (the part's frame plus theirs). */
    private static int addCounts(Part part, ModelDescriptor d, Map<String, int[]> perFrame, int before,
                                 String title) {
        if ((long) before + part.instances().count() > MAX_EXACT_IDS) {
            throw new IllegalArgumentException("'" + title + "' has more than " + MAX_EXACT_IDS
                    + " objects, more than a 32-bit label image numbers exactly");
        }
        for (Instances.Instance i : part.instances().instances()) {
            perFrame.get(d.classes.get(i.classIndex()))[part.t() + i.t()]++;
        }
        return before + part.instances().count();
    }

    /** Object ids a 32-bit float label image holds exactly: 2^24. */
    public static final int MAX_EXACT_IDS = 1 << 24;
}
