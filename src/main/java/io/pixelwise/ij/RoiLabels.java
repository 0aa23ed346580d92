package io.pixelwise.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * ROIs painted into a label image shaped like their image (one channel, its slices and frames): the inverse of
 * {@link Rois}. A ROI on a stack position paints that plane; a ROI without a position paints every plane, as
 * ImageJ shows it on every plane. Later ROIs paint over earlier ones.
 */
public final class RoiLabels {

    private RoiLabels() {
    }

    /** ROIs as instance labels (the n-th ROI paints n) with a label LUT, shaped and calibrated like the image. */
    public static ImagePlus instances(ImagePlus layout, List<Roi> rois) {
        if (rois.isEmpty()) {
            throw new IllegalArgumentException("Image '" + layout.getTitle() + "' has no ROIs (overlay, ROI Manager "
                    + "or selection) to turn into labels");
        }
        java.util.Map<Roi, Integer> index = new java.util.IdentityHashMap<>();
        for (Roi r : rois) {
            index.put(r, index.size() + 1);
        }
        ImagePlus labels = paint(layout, rois, index::get);
        labels.setLut(LabelImages.labelLut());
        labels.setDisplayRange(0, Math.max(1, Math.min(rois.size(), 255)));
        return labels;
    }

    /**
     * ROIs as a class image: each ROI paints its ROI group (Edit &gt; Selection &gt; Properties, the ROI Manager's
     * Properties), so ROIs drawn per class become training labels. Class names are the groups' names where ImageJ
     * has them.
     */
    public static ImagePlus classes(ImagePlus layout, List<Roi> rois) {
        if (rois.isEmpty()) {
            throw new IllegalArgumentException("Image '" + layout.getTitle() + "' has no ROIs (overlay, ROI Manager "
                    + "or selection) to turn into classes");
        }
        int max = 0;
        for (Roi r : rois) {
            if (r.getGroup() == 0) {
                throw new IllegalArgumentException("ROI " + describe(r) + " is in no ROI group; give every ROI "
                        + "the group of its class (Edit > Selection > Properties, or the ROI Manager's Properties)");
            }
            max = Math.max(max, r.getGroup());
        }
        List<String> names = new ArrayList<>(List.of("background"));
        for (int g = 1; g <= max; g++) {
            String name = Roi.getGroupName(g);
            names.add(name == null || name.isBlank() ? "class " + g : name.replace(',', ' '));
        }
        ImagePlus labels = paint(layout, rois, Roi::getGroup);
        labels.setTitle(layout.getShortTitle() + "-classes");
        labels.setProp(RegionMeasurement.CLASS_NAMES_PROPERTY, String.join(",", names));
        labels.setLut(LabelImages.labelLut());
        labels.setDisplayRange(0, Math.max(1, max));
        return labels;
    }

    /** A ROI as a message names it: 'its name', or where it is when it has none. */
    public static String describe(Roi roi) {
        if (roi.getName() != null && !roi.getName().isBlank()) {
            return "'" + roi.getName() + "'";
        }
        java.awt.Rectangle b = roi.getBounds();
        return "at x=" + b.x + ", y=" + b.y + " (" + b.width + " x " + b.height + ")";
    }

    /** The ROIs of an image: its overlay, else the ROI Manager's, else its selection; empty when it has none. */
    public static List<Roi> of(ImagePlus imp) {
        List<Roi> out = new ArrayList<>();
        Overlay overlay = imp.getOverlay();
        RoiManager manager = RoiManager.getInstance();
        if (overlay != null && overlay.size() > 0) {
            out.addAll(List.of(overlay.toArray()));
        } else if (manager != null && manager.getCount() > 0) {
            out.addAll(List.of(manager.getRoisAsArray()));
        } else if (imp.getRoi() != null && imp.getRoi().isArea()) {
            out.add(imp.getRoi());
        }
        return out;
    }

    /**
     * @param value the label each ROI paints (e.g. its index + 1 for instances, or a class index)
     * @return 16-bit labels, or 32-bit when a value exceeds 65 535, with the image's calibration
     */
    public static ImagePlus paint(ImagePlus layout, List<Roi> rois, ToIntFunction<Roi> value) {
        int w = layout.getWidth();
        int h = layout.getHeight();
        int nz = layout.getNSlices();
        int nt = layout.getNFrames();
        int[] values = rois.stream().mapToInt(value).toArray();
        boolean wide = java.util.Arrays.stream(values).anyMatch(v -> v > LabelImages.MAX_16BIT);
        ImageStack stack = new ImageStack(w, h);
        for (int i = 0; i < nz * nt; i++) {
            stack.addSlice(null, wide ? new FloatProcessor(w, h) : new ShortProcessor(w, h));
        }
        for (int r = 0; r < rois.size(); r++) {
            Roi roi = rois.get(r);
            if (!roi.isArea()) {
                throw new IllegalArgumentException("ROI " + describe(roi) + " is a " + roi.getTypeAsString()
                        + ", not an area; only area ROIs can become labels");
            }
            int[] zs = position(roi, layout, true);
            int[] ts = position(roi, layout, false);
            for (int t : ts) {
                for (int z : zs) {
                    ImageProcessor ip = stack.getProcessor(t * nz + z + 1);
                    ip.setValue(values[r]);
                    ip.fill(roi);
                }
            }
        }
        ImagePlus out = new ImagePlus(layout.getShortTitle() + "-labels", stack);
        out.setDimensions(1, nz, nt);
        out.setCalibration(Calibrations.spatial(layout.getCalibration()));
        return out;
    }

    /**
     * Zero-based planes along z (or t) a ROI sits on: its hyperstack position (0: all), else its plain stack position
     * (an index into the stack, which counts channels fastest, then z, then t), else all. ({@link Roi#getZPosition}
     * alone would return a plain position as a slice.)
     */
    private static int[] position(Roi roi, ImagePlus layout, boolean z) {
        int n = z ? layout.getNSlices() : layout.getNFrames();
        int p = -1;
        if (roi.hasHyperStackPosition()) {
            p = (z ? roi.getZPosition() : roi.getTPosition()) - 1;
        } else if (roi.getPosition() > 0) {
            if (roi.getPosition() > layout.getStackSize()) {
                throw new IllegalArgumentException("ROI " + describe(roi) + " sits on stack position "
                        + roi.getPosition() + " but the image has " + layout.getStackSize());
            }
            p = layout.convertIndexToPosition(roi.getPosition())[z ? 1 : 2] - 1;
        }
        if (p >= n) {
            throw new IllegalArgumentException("ROI " + describe(roi) + " sits on " + (z ? "slice " : "frame ")
                    + (p + 1) + " but the image has " + n);
        }
        return p >= 0 ? new int[] {p} : java.util.stream.IntStream.range(0, n).toArray();
    }
}
