package io.pixelwise.ij;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.pixelwise.eval.FilePairs;
import io.pixelwise.eval.InstanceMatching;
import io.pixelwise.eval.SegmentationScores;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluate Segmentation: predictions against ground truth, as images or as folders of pairs, scored by the same
 * {@link SegmentationScores} that training validation uses, into ImageJ tables. Label images are read either as
 * classes (pixel value = class) or as instances (pixel value = object id, 0 background).
 */
public final class SegmentationEvaluation {

    /** How label values are read. */
    /** Pixel values are classes, object ids, or (binary) anything above 0 is foreground, as in 0/255 masks. */
    public enum Labels { CLASSES, INSTANCES, BINARY }

    /** One prediction and its ground truth. */
    public record Item(String name, ImagePlus truth, ImagePlus prediction) {
    }

    /**
     * @param classes   per class over all items: Dice, IoU, precision, recall, size error
     * @param instances per IoU threshold (instances only, else null): AP, TP, FP, FN, precision, recall, F1,
     *                  matched IoU, panoptic quality
     * @param images    one row per item, "problem" rows for items that could not be scored
     * @param scores    the pooled scores
     */
    public record Report(ResultsTable classes, ResultsTable instances, ResultsTable images, SegmentationScores scores) {
    }

    private SegmentationEvaluation() {
    }

    /**
     * The pairs of two folders ({@link FilePairs}) opened as images; a file without a counterpart, or one that
     * cannot be opened, goes to {@code problems} as "file: why".
     */
    public static List<Item> folders(Path predictions, Path truths, Labels labels, Map<String, String> problems)
            throws IOException {
        List<Item> items = new ArrayList<>();
        for (FilePairs.Pair pair : FilePairs.pair(predictions, truths, labels == Labels.CLASSES ? "-classes"
                : "-instances", problems)) {
            try {
                items.add(new Item(pair.name(), ImageFiles.open(pair.truth()), ImageFiles.open(pair.prediction())));
            } catch (IOException e) {
                problems.put(pair.truth().getFileName().toString(), e.getMessage());
            }
        }
        return items;
    }

    /**
     * Scores every item; items whose sizes differ or whose values are not labels get a problem row and are left
     * out of the pooled scores.
     *
     * @param volumes3D instances connect across slices (matched per volume, not per plane)
     * @param problems  files already known to be bad (from {@link #folders}), reported in the image table
     */
    public static Report evaluate(List<Item> items, Labels labels, boolean volumes3D, Map<String, String> problems) {
        List<String> names = classNames(items, labels);
        SegmentationScores pooled = new SegmentationScores(names);
        ResultsTable images = new ResultsTable();
        Map<String, String> unscored = new java.util.LinkedHashMap<>();
        for (Item item : items) {
            RandomAccessibleInterval<IntType> t;
            RandomAccessibleInterval<IntType> p;
            try {
                t = ImagePlusViews.labels(item.truth());
                p = ImagePlusViews.labels(item.prediction());
                sameSize(item);
                if (labels == Labels.CLASSES) {
                    withinClasses(item, names);
                }
            } catch (IllegalArgumentException e) {
                unscored.put(item.name(), e.getMessage());
                continue;
            }
            SegmentationScores one = new SegmentationScores(names);
            for (SegmentationScores s : List.of(one, pooled)) {
                score(s, t, p, labels, volumes3D);
            }
            images.incrementCounter();
            images.addValue("Image", item.name());
            for (int k = 1; k < names.size(); k++) {
                images.addValue("Dice " + names.get(k), one.dice(k));
            }
            images.addValue("Pixel accuracy", one.pixelAccuracy());
            if (labels == Labels.INSTANCES) {
                InstanceMatching m = one.instanceMatching();
                images.addValue("AP@0.5", m.averagePrecision(0));
                images.addValue("AP@0.75", m.averagePrecision(m.indexOf(0.75)));
                images.addValue("mean AP 0.5:0.95", m.meanAveragePrecision());
                images.addValue("TP@0.5", m.truePositives(0));
                images.addValue("FP@0.5", m.falsePositives(0));
                images.addValue("FN@0.5", m.falseNegatives(0));
                images.addValue("Mean matched IoU", m.meanMatchedIou(0));
            }
            for (int k = 1; k < names.size(); k++) {
                images.addValue((one.volumes() ? "Volume" : "Area") + " error " + names.get(k), one.meanSizeError(k));
            }
            images.addValue("Problem", "");
        }
        if (pooled.items() == 0) {
            // NaN scores with "0 problems" would read as a result: nothing scored is an error, saying why.
            Map<String, String> why = new java.util.LinkedHashMap<>(unscored);
            why.putAll(problems);
            throw new IllegalArgumentException("nothing could be scored: " + (why.isEmpty() ? "no image pairs"
                    : String.join("; ", why.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())));
        }
        unscored.forEach((file, why) -> problem(images, file, why));
        problems.forEach((file, why) -> problem(images, file, why));
        return new Report(classTable(pooled), labels == Labels.INSTANCES ? instanceTable(pooled) : null, images,
                pooled);
    }

    private static void score(SegmentationScores s, RandomAccessibleInterval<IntType> t,
                              RandomAccessibleInterval<IntType> p, Labels labels, boolean volumes3D) {
        if (labels == Labels.CLASSES) {
            s.add(t, p);
            return;
        }
        if (labels == Labels.BINARY) {
            s.add(foreground(t), foreground(p));
            return;
        }
        s.add(foreground(t), foreground(p));
        for (long f = 0; f < t.dimension(3); f++) {
            var tf = Views.hyperSlice(t, 3, f);
            var pf = Views.hyperSlice(p, 3, f);
            if (volumes3D) {
                s.addInstances(tf, pf);
            } else {
                for (long z = 0; z < t.dimension(2); z++) {
                    s.addInstances(Views.hyperSlice(tf, 2, z), Views.hyperSlice(pf, 2, z));
                }
            }
        }
    }

    private static RandomAccessibleInterval<IntType> foreground(RandomAccessibleInterval<IntType> labels) {
        return Converters.convert(labels, (in, out) -> out.set(in.get() == 0 ? 0 : 1), new IntType());
    }

    /** More classes than this in images without class names are taken for masks or object ids, not classes. */
    static final int MAX_UNNAMED_CLASSES = 63;

    /** Class names from a prediction's Segment Image property, else "class k" up to the largest value. */
    private static List<String> classNames(List<Item> items, Labels labels) {
        if (labels != Labels.CLASSES) {
            return List.of("background", labels == Labels.INSTANCES ? "object" : "foreground");
        }
        int max = 1;
        List<String> named = null;
        for (Item i : items) {
            for (ImagePlus imp : List.of(i.truth(), i.prediction())) {
                if (imp.getBitDepth() != 24) {
                    max = Math.max(max, (int) Math.round(new ij.process.StackStatistics(imp).max));
                }
            }
            String prop = i.prediction().getProp(RegionMeasurement.CLASS_NAMES_PROPERTY);
            if (prop != null && !prop.isBlank()) {
                named = List.of(prop.split(","));
            }
        }
        if (named != null) {
            return named;                      // items with values beyond them are reported, not scored
        }
        if (max > MAX_UNNAMED_CLASSES) {
            throw new IllegalArgumentException("class images with values up to " + max + " look like masks (0/255) "
                    + "or object ids, not classes; choose labels=binary or labels=instances");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            names.add(k == 0 ? "background" : "class " + k);
        }
        return names;
    }

    /** Class values beyond the model's classes (a 0/255 mask scored as classes) make no sense as classes. */
    private static void withinClasses(Item item, List<String> names) {
        for (ImagePlus imp : List.of(item.truth(), item.prediction())) {
            int max = (int) Math.round(new ij.process.StackStatistics(imp).max);
            if (max >= names.size()) {
                throw new IllegalArgumentException("'" + imp.getTitle() + "' has class value " + max + ", beyond the "
                        + names.size() + " classes " + names + "; for masks of 0 and 255 (or any value for the object) "
                        + "choose labels=binary");
            }
        }
    }

    private static void sameSize(Item item) {
        ImagePlus a = item.truth();
        ImagePlus b = item.prediction();
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight() || a.getNSlices() != b.getNSlices()
                || a.getNFrames() != b.getNFrames()) {
            throw new IllegalArgumentException("ground truth '" + a.getTitle() + "' is " + a.getWidth() + "x"
                    + a.getHeight() + "x" + a.getNSlices() + "x" + a.getNFrames() + " but prediction '"
                    + b.getTitle() + "' is " + b.getWidth() + "x" + b.getHeight() + "x" + b.getNSlices() + "x"
                    + b.getNFrames() + " (width x height x slices x frames)");
        }
    }

    private static void problem(ResultsTable images, String name, String why) {
        images.incrementCounter();
        images.addValue("Image", name);
        images.addValue("Problem", why);
    }

    private static ResultsTable classTable(SegmentationScores s) {
        ResultsTable rt = new ResultsTable();
        for (int k = 0; k < s.classes().size(); k++) {
            rt.incrementCounter();
            rt.addValue("Class", s.classes().get(k));
            double[] interval = s.diceInterval(k);
            rt.addValue("Dice", s.dice(k));
            rt.addValue("Dice 95% low", interval[0]);
            rt.addValue("Dice 95% high", interval[1]);
            rt.addValue("IoU", s.iou(k));
            rt.addValue("Precision", s.precision(k));
            rt.addValue("Recall", s.recall(k));
            rt.addValue("Mean " + (s.volumes() ? "volume" : "area") + " error", s.meanSizeError(k));
        }
        rt.incrementCounter();
        rt.addValue("Class", "pixel accuracy (all classes; of little use alone)");
        rt.addValue("Dice", Double.NaN);
        rt.addValue("IoU", Double.NaN);
        rt.addValue("Precision", s.pixelAccuracy());
        rt.addValue("Recall", Double.NaN);
        return rt;
    }

    private static ResultsTable instanceTable(SegmentationScores s) {
        InstanceMatching m = s.instanceMatching();
        ResultsTable rt = new ResultsTable();
        double[] taus = m.thresholds();
        for (int i = 0; i < taus.length; i++) {
            rt.incrementCounter();
            rt.addValue("IoU threshold", taus[i]);
            rt.addValue("AP", m.averagePrecision(i));
            rt.addValue("TP", m.truePositives(i));
            rt.addValue("FP", m.falsePositives(i));
            rt.addValue("FN", m.falseNegatives(i));
            rt.addValue("Precision", m.precision(i));
            rt.addValue("Recall", m.recall(i));
            rt.addValue("F1", m.f1(i));
            rt.addValue("Mean matched IoU", m.meanMatchedIou(i));
            rt.addValue("PQ", m.panopticQuality(i));
        }
        return rt;
    }

    /**
     * Writes {@code base-classes.csv}, {@code base-instances.csv} (instances only) and {@code base-images.csv};
     * existing files are kept unless {@code overwrite}. Returns the files written.
     */
    public static List<Path> save(Report r, Path folder, String base, boolean overwrite) throws IOException {
        Map<Path, Object> out = new LinkedHashMap<>();
        out.put(folder.resolve(base + "-classes.csv"), r.classes());
        if (r.instances() != null) {
            out.put(folder.resolve(base + "-instances.csv"), r.instances());
        }
        out.put(folder.resolve(base + "-images.csv"), r.images());
        return TableFiles.write(out, overwrite);
    }
}
