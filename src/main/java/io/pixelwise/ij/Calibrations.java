package io.pixelwise.ij;

import ij.ImagePlus;
import io.pixelwise.measure.Calibration;

/** ImageJ's calibration as the core's, the one place the two meet. */
public final class Calibrations {

    private Calibrations() {
    }

    public static Calibration of(ImagePlus imp) {
        ij.measure.Calibration c = imp.getCalibration();
        String unit = c.getUnit();
        boolean pixels = !c.scaled() || unit == null || unit.isBlank() || unit.equals("pixel")
                || unit.equals("pixels");
        // A series stacked in descending slice position (or a reader's flipped axis) can carry a negative pixel or
        // voxel size: a direction, not a size
        double depth = Math.abs(c.pixelDepth);
        return pixels ? new Calibration(1, 1, 1, "pixel", c.xOrigin, c.yOrigin, c.zOrigin)
                : new Calibration(Math.abs(c.pixelWidth), Math.abs(c.pixelHeight), depth > 0 ? depth : 1, unit,
                c.xOrigin, c.yOrigin, c.zOrigin);
    }

    /**
     * A copy of an image's calibration for images made from it whose values are labels or probabilities: its pixel
     * size, unit and origin, without its value calibration (a CT's Hounsfield function would make label 1 read
     * -1023 in ImageJ).
     */
    public static ij.measure.Calibration spatial(ij.measure.Calibration c) {
        ij.measure.Calibration s = c.copy();
        s.disableDensityCalibration();
        return s;
    }

    /** Gives {@code imp} this pixel width, height and unit (its voxel depth and the rest stay as they were). */
    public static void apply(ImagePlus imp, Calibration cal) {
        ij.measure.Calibration c = imp.getCalibration().copy();
        c.pixelWidth = cal.pixelWidth();
        c.pixelHeight = cal.pixelHeight();
        c.setUnit(cal.unit());
        imp.setCalibration(c);
    }

    /** A note for users when sizes come out in pixels; null when the image is calibrated. */
    public static String note(ImagePlus imp) {
        return of(imp).isCalibrated() ? null : "'" + imp.getTitle() + "' has no spatial calibration, so sizes are in "
                + "pixels (set it with Image > Properties... to measure in µm or mm)";
    }
}
