package io.pixelwise.ij;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import io.pixelwise.measure.Calibration;
import io.pixelwise.measure.Ellipse;
import io.pixelwise.measure.Measurements;
import io.pixelwise.measure.NearestNeighbours;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Rings;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Measure Regions' job, shared by the SciJava command and the ImageJ 1.x plugin: every distinct value of a label
 * image is one region (object ids from Segment Image, or class values of a medical label volume). Gives a table of
 * regions per plane, one of region volumes over the planes, one of class totals when a class image says which class
 * each pixel is, and for stacks a plot of area per slice. Nothing is modified.
 */
public final class RegionMeasurement {

    /** Segment Image stores the class names of its class image under this image property (kept in TIFF files). */
    public static final String CLASS_NAMES_PROPERTY = "Pixelwise.classes";
    /** ...and the name of its separating boundary class, which never names an object (instances absorb it). */
    public static final String BOUNDARY_CLASS_PROPERTY = "Pixelwise.boundaryClass";
    /** ...and, for models whose annotators drew outlines inside the painted region, how far inside (pixels). */
    public static final String OUTLINE_INSET_PROPERTY = "Pixelwise.outlineInset";
    /** Beyond this many regions without a class image, the plot shows their total instead of one line each. */
    static final int MAX_PLOTTED_REGIONS = 10;
    private static final Color[] COLORS = {Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA,
            Color.ORANGE, Color.CYAN, Color.DARK_GRAY, Color.PINK, new Color(128, 64, 0), Color.GRAY};

    /** The tables (classes and volumes null where they do not apply), the plot (null for single planes), a note. */
    public record Tables(ResultsTable regions, ResultsTable volumes, ResultsTable classes, Plot plot, String note) {
    }

    private RegionMeasurement() {
    }

    /**
     * @param labels    label image (8-, 16- or 32-bit; 0 = background)
     * @param intensity image whose values are measured under each region, or null
     * @param classes   class image of the same size (Segment Image's class output), or null
     */
    public static Tables measure(ImagePlus labels, ImagePlus intensity, ImagePlus classes) {
        return measure(labels, intensity, classes, Progress.NONE);
    }

    /** As above, with each plane measured reported to {@code progress}, which may stop the work between planes. */
    public static Tables measure(ImagePlus labels, ImagePlus intensity, ImagePlus classes, Progress progress) {
        return measure(labels, intensity, classes, 0, progress);
    }

    /**
     * As above, the intensity image also measured in a ring {@code ring} pixels wide around each region on each
     * plane ({@link Rings}: the nearest background pixels, a cytoplasm around a nucleus); 0 = no ring.
     */
    public static Tables measure(ImagePlus labels, ImagePlus intensity, ImagePlus classes, double ring,
                                 Progress progress) {
        RandomAccessibleInterval<IntType> lab = ImagePlusViews.labels(labels);
        if (intensity != null) {
            sameSize(labels, intensity, "intensity image");
        } else if (ring > 0) {
            throw new IllegalArgumentException("A ring around the regions of '" + labels.getTitle() + "' is measured "
                    + "in an intensity image; choose one");
        }
        // Labels drawn by hand or made by another tool often lose the scan's calibration: the intensity image
        // (the scan itself, of the same size) then gives it
        ImagePlus calibrated = !Calibrations.of(labels).isCalibrated() && intensity != null
                && Calibrations.of(intensity).isCalibrated() ? intensity : labels;
        Calibration cal = Calibrations.of(calibrated);
        Measurements.Result r = measureObjects(lab, intensity, cal, ring, progress);
        Map<List<Integer>, Measurements.Ring> rings = null;
        if (ring > 0) {
            rings = new HashMap<>();
            for (Measurements.Ring s : r.rings()) {
                rings.put(List.of(s.label(), s.z(), s.t()), s);
            }
        }
        double inset = outlineInset(labels, classes);
        double insetLength = inset * Math.sqrt(cal.pixelArea());
        String unit = cal.isCalibrated() ? cal.unit() : "pixel";
        List<String> names = classes == null ? null : classNames(classes);
        int[] classOf = classes == null ? null
                : classOfRegions(labels, classes, r, boundaryIndex(classes, names));
        double[] nearest = NearestNeighbours.withinGroups(r.slices(), s -> List.of(s.z(), s.t()),
                s -> new double[] {s.centroidX(), s.centroidY(), 0});
        List<Region> found = new ArrayList<>();
        for (int i = 0; i < r.slices().size(); i++) {
            Measurements.ObjectSlice s = r.slices().get(i);
            found.add(new Region(s, s.ellipse().inset(insetLength), classOf == null ? null : name(names, classOf[i]),
                    rings == null ? null : rings.get(List.of(s.label(), s.z(), s.t())), nearest[i]));
        }
        List<String> channels = channelSuffixes(intensity);
        ResultsTable regions = table(regionColumns(cal, unit, classOf != null, channels, rings != null), found);
        boolean stack = labels.getNSlices() > 1;
        ResultsTable volumes = null;
        if (stack) {
            double[] nearestInFrame = NearestNeighbours.withinGroups(r.volumes(), v -> List.of(v.t()),
                    v -> new double[] {v.centroidX(), v.centroidY(), v.centroidZ()});
            List<VolumeRow> rows = new ArrayList<>();
            for (int i = 0; i < r.volumes().size(); i++) {
                rows.add(new VolumeRow(r.volumes().get(i), nearestInFrame[i]));
            }
            volumes = table(volumeColumns(cal, unit, channels), rows);
        }
        ResultsTable classTable = null;
        List<Measurements.ClassTotal> totals = null;
        if (classes != null) {
            totals = Measurements.classes(ImagePlusViews.labels(classes), names.size(), cal);
            classTable = new ResultsTable();
            for (Measurements.ClassTotal t : totals) {
                if (t.classIndex() == 0 || (t.z() < 0 && !stack)) {
                    continue;
                }
                classTable.incrementCounter();
                classTable.addValue("Class", name(names, t.classIndex()));
                classTable.addValue("Slice", t.z() < 0 ? "all" : String.valueOf(t.z() + 1));
                classTable.addValue("Frame", t.t() + 1);
                classTable.addValue("Pixels", t.pixels());
                classTable.addValue(t.z() < 0 ? "Volume (" + cal.volumeUnit() + ")" : "Area (" + cal.areaUnit() + ")",
                        t.size());
            }
        }
        Plot plot = stack ? plot(labels, r, totals, names, cal) : null;
        String note = calibrated == labels ? Calibrations.note(labels) : "The label image '" + labels.getTitle()
                + "' has no spatial calibration; sizes are in the intensity image's ('" + intensity.getTitle() + "').";
        if (inset > 0) {
            String why = "Ellipses are fitted " + inset + " pixels inside the regions' edge, where the model's "
                    + "annotators drew outlines.";
            note = note == null || note.isEmpty() ? why : note + " " + why;
        }
        return new Tables(regions, volumes, classTable, plot, note);
    }

    /**
     * One region of one plane, with its fitted ellipse, given a class image its class, and given a ring width the
     * ring's measurements (null where no background pixel lies within it).
     */
    private record Region(Measurements.ObjectSlice slice, Ellipse ellipse, String className,
                          Measurements.Ring ring, double nearest) {
    }

    /** One object over a time point, with the distance from its centroid to the nearest other one's. */
    private record VolumeRow(Measurements.ObjectVolume volume, double nearest) {
    }

    /**
     * The regions table's columns, in order; intensities for each channel, headed with its suffix, and with
     * {@code withRing} the ring's pixels and mean per channel.
     */
    private static List<Column<Region>> regionColumns(Calibration cal, String unit, boolean withClass,
                                                      List<String> channels, boolean withRing) {
        List<Column<Region>> columns = new ArrayList<>();
        columns.add(new Column<>("Label", g -> g.slice().label()));
        if (withClass) {
            columns.add(new Column<>("Class", Region::className));
        }
        columns.addAll(List.<Column<Region>>of(
                new Column<>("Slice", g -> g.slice().z() + 1),
                new Column<>("Frame", g -> g.slice().t() + 1),
                new Column<>("Pixels", g -> g.slice().pixels()),
                new Column<>("Area (" + cal.areaUnit() + ")", g -> g.slice().area()),
                new Column<>("Perimeter (" + unit + ")", g -> g.slice().perimeter()),
                new Column<>("X (" + unit + ")", g -> g.slice().centroidX()),
                new Column<>("Y (" + unit + ")", g -> g.slice().centroidY()),
                new Column<>("BX", g -> g.slice().boundsX()),
                new Column<>("BY", g -> g.slice().boundsY()),
                new Column<>("Width", g -> g.slice().boundsWidth()),
                new Column<>("Height", g -> g.slice().boundsHeight()),
                new Column<>("Equivalent diameter", g -> g.slice().equivalentDiameter()),
                new Column<>("Circularity", g -> g.slice().circularity()),
                new Column<>("Solidity", g -> g.slice().solidity()),
                new Column<>("Feret", g -> g.slice().calipers().max()),
                new Column<>("FeretAngle", g -> g.slice().calipers().angle()),
                new Column<>("MinFeret", g -> g.slice().calipers().min()),
                new Column<>("Nearest neighbour (" + unit + ")", Region::nearest),
                new Column<>("Ellipse X", g -> g.ellipse().centreX()),
                new Column<>("Ellipse Y", g -> g.ellipse().centreY()),
                new Column<>("Major", g -> g.ellipse().major()),
                new Column<>("Minor", g -> g.ellipse().minor()),
                new Column<>("Angle", g -> g.ellipse().angle()),
                new Column<>("Ellipse perimeter (" + unit + ")", g -> g.ellipse().perimeter())));
        for (int c = 0; c < channels.size(); c++) {
            int ch = c;
            String suffix = channels.get(c);
            columns.addAll(List.<Column<Region>>of(
                    new Column<>("Mean" + suffix, g -> g.slice().intensities().get(ch).mean()),
                    new Column<>("Min" + suffix, g -> g.slice().intensities().get(ch).min()),
                    new Column<>("Max" + suffix, g -> g.slice().intensities().get(ch).max()),
                    new Column<>("StdDev" + suffix, g -> g.slice().intensities().get(ch).std()),
                    new Column<>("Median" + suffix, g -> g.slice().intensities().get(ch).median()),
                    new Column<>("IntDen" + suffix, g -> g.slice().intensities().get(ch).sum() * cal.pixelArea()),
                    new Column<>("RawIntDen" + suffix, g -> g.slice().intensities().get(ch).sum())));
        }
        if (withRing) {
            columns.add(new Column<>("Ring pixels", g -> g.ring() == null ? 0 : g.ring().pixels()));
            for (int c = 0; c < channels.size(); c++) {
                int ch = c;
                columns.add(new Column<>("Ring mean" + channels.get(c),
                        g -> g.ring() == null ? Double.NaN : g.ring().intensities().get(ch).mean()));
            }
        }
        return columns;
    }

    /** The volumes table's columns (stacks), in order. */
    private static List<Column<VolumeRow>> volumeColumns(Calibration cal, String unit, List<String> channels) {
        List<Column<VolumeRow>> columns = new ArrayList<>(List.of(
                new Column<>("Label", v -> v.volume().label()),
                new Column<>("Frame", v -> v.volume().t() + 1),
                new Column<>("Voxels", v -> v.volume().voxels()),
                new Column<>("Volume (" + cal.volumeUnit() + ")", v -> v.volume().volume()),
                new Column<>("First slice", v -> v.volume().firstSlice() + 1),
                new Column<>("Last slice", v -> v.volume().lastSlice() + 1),
                new Column<>("X (" + unit + ")", v -> v.volume().centroidX()),
                new Column<>("Y (" + unit + ")", v -> v.volume().centroidY()),
                new Column<>("Z (" + unit + ")", v -> v.volume().centroidZ()),
                new Column<>("Nearest neighbour (" + unit + ")", VolumeRow::nearest),
                new Column<>("Max Feret (" + unit + ")", v -> v.volume().maxFeret()),
                new Column<>("Max Feret slice", v -> v.volume().maxFeretSlice() + 1),
                new Column<>("Feret 3D (" + unit + ")", v -> v.volume().feret3d())));
        for (int c = 0; c < channels.size(); c++) {
            int ch = c;
            columns.add(new Column<>("Total intensity" + channels.get(c),
                    v -> v.volume().intensities().get(ch).total()));
            columns.add(new Column<>("Mean intensity" + channels.get(c),
                    v -> v.volume().intensities().get(ch).mean()));
        }
        return columns;
    }

    /**
     * What each measured channel's intensity columns end in: nothing for one grey channel, " C1", " C2", ... for
     * several, " red", " green", " blue" for RGB; none without an intensity image.
     */
    private static List<String> channelSuffixes(ImagePlus intensity) {
        if (intensity == null) {
            return List.of();
        }
        if (intensity.getType() == ImagePlus.COLOR_RGB) {
            return List.of(" red", " green", " blue");
        }
        int n = intensity.getNChannels();
        return n == 1 ? List.of("") : java.util.stream.IntStream.rangeClosed(1, n).mapToObj(c -> " C" + c).toList();
    }

    /** A table column: its heading and a row's value (a number or text). */
    private record Column<R>(String heading, Function<R, Object> value) {
    }

    /**
     * A table of {@code rows}; with none it still has its headings, so a CSV of no regions (a scan without a
     * lesion) is a header line rather than an empty file that reads like one cut short.
     */
    private static <R> ResultsTable table(List<Column<R>> columns, List<R> rows) {
        ResultsTable t = new ResultsTable();
        for (Column<R> c : columns) {
            t.getFreeColumn(c.heading());
        }
        for (R row : rows) {
            t.incrementCounter();
            for (Column<R> c : columns) {
                Object v = c.value().apply(row);
                if (v instanceof Number n) {
                    t.addValue(c.heading(), n.doubleValue());
                } else {
                    t.addValue(c.heading(), String.valueOf(v));
                }
            }
        }
        return t;
    }

    /** The outline inset Segment Image stored on the label or class image, 0 when neither has one. */
    private static double outlineInset(ImagePlus labels, ImagePlus classes) {
        for (ImagePlus imp : new ImagePlus[] {labels, classes}) {
            String p = imp == null ? null : imp.getProp(OUTLINE_INSET_PROPERTY);
            if (p != null && !p.isBlank()) {
                double v;
                try {
                    v = Double.parseDouble(p.trim());
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!(v >= 0 && v < 100)) {
                    throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has property "
                            + OUTLINE_INSET_PROPERTY + " = '" + p + "'; expected a number of pixels from 0 to 100");
                }
                return v;
            }
        }
        return 0;
    }

    /**
     * Writes the tables as CSV ({@code base-volumes.csv}, {@code -classes}, and last {@code -regions}) and the plot
     * as PNG into {@code folder}; existing files are kept unless {@code overwrite}. Returns the files written.
     */
    public static List<Path> save(Tables t, Path folder, String base, boolean overwrite) throws IOException {
        return save(t, folder, folder, base, overwrite);
    }

    /** As {@link #save(Tables, Path, String, boolean)}, the plot into a folder of its own (created if missing). */
    public static List<Path> save(Tables t, Path folder, Path plots, String base, boolean overwrite)
            throws IOException {
        java.nio.file.Files.createDirectories(folder);
        Map<Path, Object> outputs = new LinkedHashMap<>();
        if (t.volumes() != null) {
            outputs.put(folder.resolve(base + "-volumes.csv"), t.volumes());
        }
        if (t.classes() != null) {
            outputs.put(folder.resolve(base + "-classes.csv"), t.classes());
        }
        if (t.plot() != null) {
            outputs.put(java.nio.file.Files.createDirectories(plots).resolve(base + "-area-per-slice.png"), t.plot());
        }
        // Last: Batch takes an image whose regions table exists for done, so a run killed while writing the
        // optional tables before it does that image again instead of skipping it with a table missing.
        outputs.put(folder.resolve(base + "-regions.csv"), t.regions());
        return TableFiles.write(outputs, overwrite);
    }

    /** The objects, intensities taken from an RGB image's red, green and blue, else from the values ImageJ shows. */
    @SuppressWarnings("unchecked")
    private static <T extends RealType<T>> Measurements.Result measureObjects(RandomAccessibleInterval<IntType> lab,
                                                                             ImagePlus intensity, Calibration cal,
                                                                             double ring, Progress progress) {
        RandomAccessibleInterval<T> img = intensity == null ? null : intensity.getType() == ImagePlus.COLOR_RGB
                ? (RandomAccessibleInterval<T>) (RandomAccessibleInterval<?>) ImagePlusViews.rgbChannels(intensity)
                : ImagePlusViews.values(intensity);
        return Measurements.objects(lab, img, cal, Connectivity.FULL, ring, progress);
    }

    /** Each region row's class ({@link Measurements#classesOf}), the two images checked to match first. */
    private static int[] classOfRegions(ImagePlus labels, ImagePlus classes, Measurements.Result r, int boundary) {
        sameSize(labels, classes, "class image");
        return Measurements.classesOf(r, ImagePlusViews.labels(labels), ImagePlusViews.labels(classes), boundary);
    }

    /** Class names stored by Segment Image, or "class 1", "class 2", ... up to the largest value. */
    private static int boundaryIndex(ImagePlus classes, List<String> names) {
        String b = classes.getProp(BOUNDARY_CLASS_PROPERTY);
        return b == null ? -1 : names.indexOf(b);
    }

    static List<String> classNames(ImagePlus classes) {
        String p = classes.getProp(CLASS_NAMES_PROPERTY);
        if (p != null && !p.isBlank()) {
            return List.of(p.split(","));
        }
        int max = (int) Math.round(new ij.process.StackStatistics(classes).max);
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            names.add(k == 0 ? "background" : "class " + k);
        }
        return names;
    }

    private static String name(List<String> names, int k) {
        return k < names.size() ? names.get(k) : "class " + k;
    }

    /** Area per slice: per class with a class image, else per region when there are few, else all regions. */
    private static Plot plot(ImagePlus labels, Measurements.Result r, List<Measurements.ClassTotal> totals,
                             List<String> names, Calibration cal) {
        int nz = labels.getNSlices();
        Map<String, double[]> lines = new LinkedHashMap<>();
        if (totals != null) {
            for (Measurements.ClassTotal t : totals) {
                if (t.z() >= 0 && t.t() == 0 && t.classIndex() > 0) {
                    lines.computeIfAbsent(name(names, t.classIndex()), k -> new double[nz])[t.z()] += t.size();
                }
            }
        } else {
            long regions = r.slices().stream().mapToInt(Measurements.ObjectSlice::label).distinct().count();
            for (Measurements.ObjectSlice s : r.slices()) {
                if (s.t() == 0) {
                    String key = regions <= MAX_PLOTTED_REGIONS ? "label " + s.label() : "all regions";
                    lines.computeIfAbsent(key, k -> new double[nz])[s.z()] += s.area();
                }
            }
        }
        double[] x = new double[nz];
        for (int z = 0; z < nz; z++) {
            x[z] = z + 1;
        }
        Plot plot = new Plot("Area per slice: " + labels.getTitle(), "Slice", "Area (" + cal.areaUnit() + ")");
        int i = 0;
        for (Map.Entry<String, double[]> e : lines.entrySet()) {
            plot.setColor(COLORS[i++ % COLORS.length]);
            plot.add("line", x, e.getValue());
            plot.setLabel(-1, e.getKey());
        }
        plot.setLimitsToFit(false);
        if (!lines.isEmpty()) {
            plot.addLegend(String.join("\n", lines.keySet()));
        }
        return plot;
    }

    private static void sameSize(ImagePlus labels, ImagePlus other, String what) {
        if (labels.getWidth() != other.getWidth() || labels.getHeight() != other.getHeight()
                || labels.getNSlices() != other.getNSlices() || labels.getNFrames() != other.getNFrames()) {
            throw new IllegalArgumentException("The " + what + " '" + other.getTitle() + "' is " + describe(other)
                    + " but the label image '" + labels.getTitle() + "' is " + describe(labels)
                    + "; they must have the same size");
        }
    }

    private static String describe(ImagePlus imp) {
        return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getNSlices() + " slice(s)x" + imp.getNFrames()
                + " frame(s)";
    }
}
