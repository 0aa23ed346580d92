package io.pixelwise.infer;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.Network;
import io.pixelwise.model.TensorLayout;
import io.pixelwise.progress.Progress;
import io.pixelwise.progress.StageTimes;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Instances;
import io.pixelwise.regions.SingleObjects;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.List;

/**
 * Semantic segmentation of a 5D image [x, y, channel, z, t] with a 2D model: every (z, t) plane is normalised
 * per channel, run through {@link TiledPredictor}, and written into a class image [x, y, z, t] (and optionally
 * probabilities [x, y, class, z, t]). A volumetric model gets each time point's whole z-stack at once. Models of structures that occur once per scan get their class image cleaned
 * ({@link SingleObjects}); probabilities stay as the network gave them. Outputs are planar, one array per plane,
 * as ImageJ stacks store them.
 */
public final class Segmenter {

    /** @param augment test-time augmentation: each tile through the flips and turns the model learnt, averaged */
    public record Options(int tileSize, boolean probabilities, boolean augment) {
        public Options(int tileSize, boolean probabilities) {
            this(tileSize, probabilities, false);
        }
    }

    /**
     * @param levels for a model of distance levels, the level per pixel [x, y, z, t] that instances are made from
     *               (the class image shows the object class wherever the level is above 0); else null
     * @param times  time per stage: normalisation statistics, then {@link TiledPredictor}'s stages
     */
    public record Result(PlanarImg<UnsignedShortType, ShortArray> classes,
                         PlanarImg<UnsignedShortType, ShortArray> levels,
                         PlanarImg<FloatType, FloatArray> probabilities, String device, int tileSide, int tiles,
                         StageTimes times) {
        /** What instances are made from: the levels, or else the classes. */
        public PlanarImg<UnsignedShortType, ShortArray> instanceSource() {
            return levels != null ? levels : classes;
        }
    }

    public static final String NORMALISE = "normalisation statistics";
    public static final String SINGLE_OBJECTS = "one piece per class";

    private Segmenter() {
    }

    /** @param options tile side {@link TileSizes#AUTO}: the largest the free memory allows */
    public static <T extends RealType<T>> Result segment(Network model, RandomAccessibleInterval<T> image,
                                                         Options options, Progress progress) {
        if (image.numDimensions() != 5) {
            throw new IllegalArgumentException("expected axes [x, y, channel, z, t], got " + Intervals.toString(image));
        }
        long depth = model.descriptor().volumetric() ? image.dimension(3) : 1;
        return TileSizes.with(options.tileSize(), model.descriptor(), image.dimension(0), image.dimension(1), depth,
                side -> segment(model, image, new TiledPredictor(model, side, options.augment()),
                        options.probabilities(), progress));
    }

    private static <T extends RealType<T>> Result segment(Network model, RandomAccessibleInterval<T> image,
                                                          TiledPredictor predictor, boolean probabilities,
                                                          Progress progress) {
        var d = model.descriptor();
        long channels = image.dimension(2);
        if (channels != d.imageChannels()) {
            throw new IllegalArgumentException("Model '" + d.name + "' expects " + d.imageChannels()
                    + " channel(s) per pixel but the image has " + channels);
        }
        long w = image.dimension(0);
        long h = image.dimension(1);
        long nz = image.dimension(3);
        long nt = image.dimension(4);
        int k = d.classes.size();
        var classes = PlanarImgs.unsignedShorts(w, h, nz, nt);
        var levels = d.distance_levels > 0 ? PlanarImgs.unsignedShorts(w, h, nz, nt) : null;
        var best = levels != null ? levels : classes;
        // the single-object rule's confidence test needs them even where the caller does not
        boolean confidenceRule = d.one_object_per_class && d.min_object_probability > 0;
        var probs = probabilities || confidenceRule ? PlanarImgs.floats(w, h, k, nz, nt) : null;
        var zero = Views.zeroMin(image);
        int tilesPerPlane = predictor.tiles(Views.hyperSlice(Views.hyperSlice(zero, 4, 0), 3, 0)).size();
        long planes = nz * nt;
        long total = (d.volumetric() ? nt : planes) * tilesPerPlane;
        long[] done = {0};
        Runnable afterTile = () -> progress.fraction((double) ++done[0] / total);
        StageTimes times = new StageTimes();
        for (long t = 0; t < nt; t++) {
            RandomAccessibleInterval<T> volume = Views.hyperSlice(zero, 4, t);
            Normalizer[][] norm = times.time(NORMALISE, () -> normalizers(d.normalization, volume));
            if (d.volumetric()) {
                progress.status(String.format("Segmenting volume t=%d of %d", t + 1, nt));
                List<RandomAccessibleInterval<FloatType>> stack = new ArrayList<>();
                for (int z = 0; z < nz; z++) {
                    stack.add(planeInput(volume, z, 0, norm));
                }
                predictor.predictStack(Views.stack(stack), Views.hyperSlice(best, 3, t),
                        probs == null ? null : Views.hyperSlice(probs, 4, t), progress, afterTile);
                continue;
            }
            for (long z = 0; z < nz; z++) {
                progress.checkCanceled();
                progress.status(String.format("Segmenting plane z=%d t=%d (%d of %d)", z + 1, t + 1,
                        t * nz + z + 1, planes));
                predictor.predict(planeInput(volume, (int) z, d.context_slices, norm),
                        Views.hyperSlice(Views.hyperSlice(best, 3, t), 2, z),
                        probs == null ? null : Views.hyperSlice(Views.hyperSlice(probs, 4, t), 3, z), progress,
                        afterTile);
            }
        }
        times.addAll(predictor.times());
        if (levels != null) {
            for (int p = 0; p < levels.numSlices(); p++) {
                short[] from = levels.getPlane(p).getCurrentStorageArray();
                short[] to = classes.getPlane(p).getCurrentStorageArray();
                for (int i = 0; i < from.length; i++) {
                    to[i] = (short) (from[i] != 0 ? 1 : 0);
                }
            }
        }
        if (d.one_object_per_class) {
            progress.status("Keeping one piece of each class");
            times.time(SINGLE_OBJECTS, () -> SingleObjects.apply(classes, k, d.min_object_size,
                    confidenceRule ? probs : null, d.min_object_probability));
        }
        return new Result(classes, levels, probabilities ? probs : null, model.device(), predictor.coreSide(),
                tilesPerPlane, times);
    }

    /** How this model's classes become instances: object and boundary classes, splitting, minimum size. */
    public static Instances.Rules instanceRules(ModelDescriptor d) {
        return instanceRules(d, Instances.CONNECTIVITY, -1, -1, false);
    }

    /** The model's instance rules with a user's choices: a negative size or depth keeps the model's. */
    public static Instances.Rules instanceRules(ModelDescriptor d, Connectivity connectivity, long minSize,
                                                double splitDepth, boolean excludeEdges) {
        return new Instances.Rules(d.objectClassIndices(), d.boundaryClassIndex(), connectivity,
                minSize < 0 ? d.min_object_size : minSize, splitDepth < 0 ? d.split_depth : splitDepth,
                d.distance_levels > 0 ? d.seed_level : 0, excludeEdges);
    }

    /**
     * Normalisation of each plane and channel of a volume [x, y, channel, z], indexed [z][channel]: statistics over
     * each plane, or over the whole stack (the same normaliser for every plane), as the descriptor says.
     */
    public static <T extends RealType<T>> Normalizer[][] normalizers(ModelDescriptor.Normalization spec,
                                                                     RandomAccessibleInterval<T> volume) {
        var zero = Views.zeroMin(volume);
        int nc = (int) zero.dimension(2);
        int nz = (int) zero.dimension(3);
        Normalizer[][] out = new Normalizer[nz][nc];
        for (int c = 0; c < nc; c++) {
            // statistics over this channel, or over all channels together where the model asks for it
            RandomAccessibleInterval<T> stats = spec.joint_channels ? zero : Views.hyperSlice(zero, 2, c);
            int zAxis = spec.joint_channels ? 3 : 2;
            Normalizer whole = "stack".equals(spec.scope) ? Normalizer.fit(spec, stats, c) : null;
            for (int z = 0; z < nz; z++) {
                out[z][c] = whole != null ? whole : Normalizer.fit(spec, Views.hyperSlice(stats, zAxis, z), c);
            }
        }
        return out;
    }

    /**
     * What the network sees of plane z: for each plane from z - context to z + context (mirrored at the stack's
     * ends), each channel normalised, stacked as [x, y, channel], neighbour by neighbour.
     */
    static <T extends RealType<T>> RandomAccessibleInterval<FloatType> planeInput(RandomAccessibleInterval<T> volume,
                                                                                 int z, int context,
                                                                                 Normalizer[][] norm) {
        var zero = Views.zeroMin(volume);
        int nz = (int) zero.dimension(3);
        List<RandomAccessibleInterval<FloatType>> channels = new ArrayList<>();
        for (int dz = -context; dz <= context; dz++) {
            int zz = TensorLayout.mirror(z + dz, nz);
            for (int c = 0; c < zero.dimension(2); c++) {
                channels.add(norm[zz][c].view(Views.hyperSlice(Views.hyperSlice(zero, 3, zz), 2, c)));
            }
        }
        return Views.stack(channels);
    }
}
