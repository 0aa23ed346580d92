package io.pixelwise.train;

import io.pixelwise.io.CsvTables;
import io.pixelwise.regions.DistanceLevels;
import io.pixelwise.io.FileNames;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds image/label file pairs in two folders, turns an image and its label image into a {@link LabelledImage},
 * and splits items into training and validation sets. Every problem with the data is reported with the file
 * and what was expected, before any training starts.
 */
public final class TrainingData {

    /** File types ImageJ (or our NIfTI reader) opens as images. */
    static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp", ".gif",
            ".pgm", ".dcm", ".nii", ".nii.gz");

    /** A label file may be named like its image, or like it with one of these suffixes before the extension. */
    static final List<String> LABEL_SUFFIXES = List.of("", "_mask", "_masks", "_label", "_labels", "_seg", "_gt",
            "-mask", "-label", "-labels");

    /** An image file and its label file; {@code id} is the image's file name. */
    public record Pair(String id, Path image, Path labels) {
    }

    private TrainingData() {
    }

    /**
     * Every image in {@code images} with its label image in {@code labels}, sorted by name.
     *
     * @throws IOException when a folder is missing or empty, or an image has no (or more than one) label file
     */
    public static List<Pair> pairs(Path images, Path labels) throws IOException {
        for (Path dir : List.of(images, labels)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("Training folder not found: " + dir.toAbsolutePath());
            }
        }
        List<Path> imageFiles = imageFiles(images);
        if (imageFiles.isEmpty()) {
            throw new IOException("No images in " + images.toAbsolutePath() + " (expected files ending in "
                    + String.join(", ", IMAGE_EXTENSIONS) + ")");
        }
        List<Path> labelFiles = imageFiles(labels);
        List<Pair> out = new ArrayList<>();
        for (Path image : imageFiles) {
            String stem = FileNames.stem(image.getFileName().toString());
            List<Path> matches = new ArrayList<>();
            for (Path l : labelFiles) {
                String ls = FileNames.stem(l.getFileName().toString());
                for (String suffix : LABEL_SUFFIXES) {
                    if (ls.equals(stem + suffix)) {
                        matches.add(l);
                    }
                }
            }
            if (matches.isEmpty()) {
                throw new IOException("Image " + image + " has no label image in " + labels.toAbsolutePath()
                        + " (looked for " + stem + ".* and " + stem + "_mask.*, " + stem + "_labels.*, ...)");
            }
            if (matches.size() > 1) {
                throw new IOException("Image " + image + " has more than one label image: " + matches);
            }
            out.add(new Pair(image.getFileName().toString(), image, matches.get(0)));
        }
        return out;
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> IMAGE_EXTENSIONS.stream().anyMatch(
                            e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
        }
    }


    /** Splits by whole item with a fixed seed: the same ids always land on the same side. Returns [train, val]. */
    public static <T> List<List<T>> split(List<T> items, double validationFraction, long seed) {
        return split(items, item -> null, validationFraction, seed);
    }

    /**
     * Splits by whole group with a fixed seed: items of one group (near-duplicates, frames of one scan) always land
     * on the same side. Groups are shuffled and taken into validation until it holds the fraction of the items;
     * an item whose group is null is a group of its own, so with no groups this is the plain split by item.
     * Returns [train, val].
     */
    public static <T> List<List<T>> split(List<T> items, Function<T, String> groupOf, double validationFraction,
                                          long seed) {
        if (items.size() < 2) {
            throw new IllegalArgumentException("Training needs at least two images (one to train on, one to "
                    + "validate on), got " + items.size());
        }
        Map<Object, List<T>> byGroup = new LinkedHashMap<>();
        for (T item : items) {
            String g = groupOf.apply(item);
            byGroup.computeIfAbsent(g != null ? g : new Object(), k -> new ArrayList<>()).add(item);
        }
        if (byGroup.size() < 2) {
            throw new IllegalArgumentException("Training needs at least two groups of images (one to train on, one "
                    + "to validate on); all " + items.size() + " images are in one group");
        }
        List<List<T>> groups = new ArrayList<>(byGroup.values());
        Collections.shuffle(groups, new Random(seed));
        int nVal = (int) Math.max(1, Math.min(items.size() - 1, Math.round(items.size() * validationFraction)));
        List<T> train = new ArrayList<>();
        List<T> val = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            boolean toVal = val.size() < nVal && i < groups.size() - 1;
            (toVal ? val : train).addAll(groups.get(i));
        }
        return List.of(train, val);
    }

    /**
     * The group of every image named in a CSV table ({@code idColumn}: image file name, {@code groupColumn}: its
     * group), for {@link #split(List, Function, double, long)}.
     */
    public static Map<String, String> groups(Path csv, String idColumn, String groupColumn) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> row : CsvTables.read(csv, idColumn, groupColumn).rows()) {
            out.put(row.get(idColumn), row.get(groupColumn));
        }
        return out;
    }

    /**
     * What label images become for training.
     *
     * @param mode           what label values mean
     * @param classes        number of classes the model has (label values must stay below it in {@code classes} mode)
     * @param distanceLevels for instances: 0 trains interior and boundary classes, more trains that many levels of
     *                       distance to each object's edge ({@link DistanceLevels})
     */
    public record Targets(LabelMode mode, int classes, int distanceLevels) {
    }

    /**
     * An image [x, y, channel, z, t] and its label image [x, y, 1, z, t] as a training item: every (z, t) plane
     * becomes a slice, labels become classes as {@code targets} says.
     */
    public static LabelledImage labelled(String id, RandomAccessibleInterval<? extends RealType<?>> image,
                                         RandomAccessibleInterval<? extends RealType<?>> labels, Targets targets) {
        LabelMode mode = targets.mode();
        if (image.numDimensions() != 5 || labels.numDimensions() != 5) {
            throw new IllegalArgumentException(id + ": expected axes [x, y, channel, z, t]");
        }
        if (labels.dimension(2) != 1) {
            throw new IllegalArgumentException("Label image of " + id + " has " + labels.dimension(2)
                    + " channels; expected a single-channel label image");
        }
        for (int d : new int[] {0, 1, 3, 4}) {
            if (image.dimension(d) != labels.dimension(d)) {
                throw new IllegalArgumentException("Label image of " + id + " is " + describe(labels)
                        + " but the image is " + describe(image) + "; they must have the same size");
            }
        }
        int w = (int) image.dimension(0);
        int h = (int) image.dimension(1);
        int c = (int) image.dimension(2);
        int nz = (int) image.dimension(3);
        int nt = (int) image.dimension(4);
        int slices = nz * nt;
        float[][] planes = new float[slices * c][];
        byte[][] cls = new byte[slices][];
        int[][] inst = mode == LabelMode.INSTANCES ? new int[slices][] : null;
        var img = Views.zeroMin(image);
        var lab = Views.zeroMin(labels);
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                int s = t * nz + z;
                for (int ch = 0; ch < c; ch++) {
                    planes[s * c + ch] = floats(Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(img, 4, t), 3, z),
                            2, ch), w * h);
                }
                int[] values = labelValues(id, Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(lab, 4, t), 3, z),
                        2, 0), w, s, slices);
                cls[s] = classesOf(id, values, w, h, targets, s, slices);
                if (inst != null) {
                    inst[s] = values;
                }
            }
        }
        return new LabelledImage(id, w, h, c, slices, planes, cls, inst);
    }

    private static float[] floats(RandomAccessibleInterval<? extends RealType<?>> plane, int n) {
        float[] out = new float[n];
        int i = 0;
        for (RealType<?> t : Views.flatIterable(plane)) {
            out[i++] = t.getRealFloat();
        }
        return out;
    }

    private static int[] labelValues(String id, RandomAccessibleInterval<? extends RealType<?>> plane, int w,
                                     int slice, int slices) {
        int[] out = new int[(int) Intervals.numElements(plane)];
        Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
        for (int i = 0; i < out.length; i++) {
            double v = c.next().getRealDouble();
            if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Label image of " + id + " has value " + v + " at x=" + i % w
                        + ", y=" + i / w + where(slice, slices) + "; labels must be whole numbers >= 0");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static byte[] classesOf(String id, int[] values, int w, int h, Targets targets, int slice, int slices) {
        int classes = targets.classes();
        return switch (targets.mode()) {
            case INSTANCES -> targets.distanceLevels() > 0 ? DistanceLevels.encode(values, w, h,
                    targets.distanceLevels()) : InstanceTargets.threeClass(values, w, h);
            case BINARY -> {
                byte[] out = new byte[values.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) (values[i] != 0 ? 1 : 0);
                }
                yield out;
            }
            case CLASSES -> {
                byte[] out = new byte[values.length];
                for (int i = 0; i < out.length; i++) {
                    if (values[i] >= classes) {
                        throw new IllegalArgumentException("Label image of " + id + " has value " + values[i]
                                + " at x=" + i % w + ", y=" + i / w + where(slice, slices) + ", but the model has "
                                + classes + " classes (values 0 to " + (classes - 1) + ")");
                    }
                    out[i] = (byte) values[i];
                }
                yield out;
            }
        };
    }

    private static String where(int slice, int slices) {
        return slices > 1 ? ", plane " + (slice + 1) : "";
    }

    private static String describe(RandomAccessibleInterval<?> img) {
        String s = img.dimension(0) + "x" + img.dimension(1);
        if (img.dimension(3) > 1) {
            s += "x" + img.dimension(3) + " slices";
        }
        if (img.dimension(4) > 1) {
            s += "x" + img.dimension(4) + " frames";
        }
        return s;
    }
}
