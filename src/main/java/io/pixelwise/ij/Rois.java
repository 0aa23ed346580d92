package io.pixelwise.ij;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.io.RoiEncoder;
import ij.plugin.frame.RoiManager;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Contours;
import io.pixelwise.regions.Instances;
import io.pixelwise.regions.Outline;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Instance outlines as ImageJ ROIs: one per object and plane, named "class-id", placed on its Z/T position. */
public final class Rois {

    /** Where ROIs go in the GUI. */
    public enum Target {
        OVERLAY, ROI_MANAGER, NONE;

        /** The target a dialog's choice names ({@link SegmentOptions#ROIS}'s choices). */
        public static Target of(String choice) {
            return switch (choice) {
                case SegmentOptions.ROIS_OVERLAY -> OVERLAY;
                case SegmentOptions.ROIS_MANAGER -> ROI_MANAGER;
                case SegmentOptions.ROIS_NONE -> NONE;
                default -> throw new IllegalArgumentException("ROIs go to '" + SegmentOptions.ROIS_OVERLAY + "', '"
                        + SegmentOptions.ROIS_MANAGER + "' or '" + SegmentOptions.ROIS_NONE + "', not '" + choice
                        + "'");
            };
        }
    }

    private Rois() {
    }

    /**
     * One ROI per instance per plane it occupies. Objects without holes become traced polygons; with holes, a
     * shape ROI (outline minus holes).
     *
     * @param layout the image the ROIs belong to; gives channel/slice/frame counts for positions
     */
    public static List<Roi> fromInstances(Instances.Result instances, List<String> classNames,
                                          Connectivity connectivity, ImagePlus layout) {
        return fromInstances(instances, classNames, connectivity, layout, 0);
    }

    /** As above, for instances numbered on from {@code idOffset}: ROI names say id + idOffset. */
    public static List<Roi> fromInstances(Instances.Result instances, List<String> classNames,
                                          Connectivity connectivity, ImagePlus layout, int idOffset) {
        return fromLabels(instances.labels(), id -> classNames.get(instances.instances().get(id - 1).classIndex())
                + "-" + (idOffset + id), connectivity, layout);
    }

    /**
     * One ROI per label value per plane of a label image [x, y, z, t], named by {@code name}, on its position.
     *
     * @param layout the image the ROIs belong to; gives channel/slice/frame counts for positions
     */
    public static <L extends IntegerType<L>> List<Roi> fromLabels(RandomAccessibleInterval<L> labels,
                                                                IntFunction<String> name, Connectivity connectivity,
                                                                ImagePlus layout) {
        return fromLabels(labels, name, connectivity, layout, Progress.NONE);
    }

    /** As above, reporting each plane traced to {@code progress}, which may stop the work between planes. */
    public static <L extends IntegerType<L>> List<Roi> fromLabels(RandomAccessibleInterval<L> labels,
                                                                IntFunction<String> name, Connectivity connectivity,
                                                                ImagePlus layout, Progress progress) {
        List<Roi> out = new ArrayList<>();
        var zero = Views.zeroMin(labels);
        int nz = (int) zero.dimension(2);
        int nt = (int) zero.dimension(3);
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                progress.checkCanceled();
                var plane = Views.hyperSlice(Views.hyperSlice(zero, 3, t), 2, z);
                for (Map.Entry<Integer, Outline> e : Contours.outlines(plane, connectivity).entrySet()) {
                    Roi roi = toRoi(e.getValue());
                    roi.setName(name.apply(e.getKey()));
                    setPosition(roi, layout, z, t);
                    out.add(roi);
                }
                progress.fraction((t * nz + z + 1.0) / (nz * nt));
            }
        }
        return out;
    }

    /**
     * One ROI per region of a label image, named "label-id", placed for {@code target} (same size); each plane traced
     * is reported to {@code progress}, which may stop the work between planes.
     */
    public static List<Roi> fromLabelImage(ImagePlus labels, ImagePlus target, Progress progress) {
        if (target.getWidth() != labels.getWidth() || target.getHeight() != labels.getHeight()
                || target.getNSlices() != labels.getNSlices() || target.getNFrames() != labels.getNFrames()) {
            throw new IllegalArgumentException("'" + target.getTitle() + "' and the label image '" + labels.getTitle()
                    + "' differ in size, slices or frames");
        }
        return fromLabels(ImagePlusViews.labels(labels), id -> "label-" + id, Connectivity.FULL, target, progress);
    }

    /** ImageJ traced polygon for a single loop; outer loops united and holes cut out otherwise. */
    public static Roi toRoi(Outline outline) {
        List<Outline.Loop> loops = outline.loops();
        if (loops.size() == 1) {
            return polygon(loops.get(0));
        }
        ShapeRoi shape = null;
        for (Outline.Loop l : loops) {
            if (!l.hole()) {
                ShapeRoi s = new ShapeRoi(polygon(l));
                shape = shape == null ? s : shape.or(s);
            }
        }
        for (Outline.Loop l : loops) {
            if (l.hole()) {
                shape = shape.not(new ShapeRoi(polygon(l)));
            }
        }
        return shape;
    }

    private static PolygonRoi polygon(Outline.Loop l) {
        return new PolygonRoi(l.xs(), l.ys(), l.xs().length, Roi.TRACED_ROI);
    }

    /** Hyperstacks get (channel 0 = all, z, t); plain stacks the stack index; single images no position. */
    static void setPosition(Roi roi, ImagePlus layout, int z, int t) {
        if (layout.isHyperStack() || layout.getNChannels() > 1) {
            roi.setPosition(0, z + 1, t + 1);
        } else if (layout.getStackSize() > 1) {
            roi.setPosition(z + layout.getNSlices() * t + 1);
        }
    }

    /** Adds the ROIs to the image's overlay or the ROI Manager (the overlay when there is no display). */
    public static void show(ImagePlus imp, List<Roi> rois, Target target) {
        if (target == Target.NONE) {
            return;
        }
        if (target == Target.ROI_MANAGER && !java.awt.GraphicsEnvironment.isHeadless()) {
            // In a batch-mode macro getInstance() is the macro's hidden ROI Manager, the one roiManager("...") sees.
            RoiManager rm = RoiManager.getInstance();
            if (rm == null) {
                rm = RoiManager.getRoiManager();
            }
            for (Roi r : rois) {
                rm.addRoi((Roi) r.clone());
            }
            return;
        }
        Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
        for (Roi r : rois) {
            overlay.add(r);
        }
        imp.setOverlay(overlay);
    }

    /** Writes ROIs as an ImageJ ROI set (.zip), readable by the ROI Manager. Names are made unique. */
    public static void writeZip(List<Roi> rois, Path file) throws IOException {
        try (ZipWriter w = new ZipWriter(file)) {
            for (Roi r : rois) {
                w.add(r);
            }
            w.finish();
        }
    }

    /**
     * An ImageJ ROI set written one ROI at a time, for results too large to hold. Names are made unique. The set
     * takes its file name at {@link #finish()}; closed before that, it leaves no file ({@link AtomicFiles}).
     */
    public static final class ZipWriter implements Closeable {
        private final Set<String> used = new HashSet<>();
        private final AtomicFiles.Pending pending;
        private final ZipOutputStream zip;
        private final DataOutputStream out;
        private final RoiEncoder encoder;

        public ZipWriter(Path file) throws IOException {
            pending = AtomicFiles.create(file);
            zip = new ZipOutputStream(new BufferedOutputStream(pending.newOutputStream()));
            out = new DataOutputStream(zip);
            encoder = new RoiEncoder(out);
        }

        public void add(Roi r) throws IOException {
            String name = r.getName() == null ? "roi" : r.getName();
            String entry = name;
            for (int i = 2; !used.add(entry); i++) {
                entry = name + "-" + i;
            }
            zip.putNextEntry(new ZipEntry(entry + ".roi"));
            encoder.write(r);
            out.flush();
        }

        /** Completes the set and puts it in place. */
        public void finish() throws IOException {
            zip.close();
            pending.commit();
        }

        @Override
        public void close() throws IOException {
            try (pending) {
                zip.close();
            }
        }
    }
}
