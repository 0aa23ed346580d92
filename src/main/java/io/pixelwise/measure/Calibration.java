package io.pixelwise.measure;

/**
 * Pixel size and unit of an image, the one representation of calibration the core uses (the ImageJ bridge converts
 * to and from ImageJ's). Uncalibrated images measure in pixels, and say so.
 */
public record Calibration(double pixelWidth, double pixelHeight, double voxelDepth, String unit) {

    public static final Calibration PIXELS = new Calibration(1, 1, 1, "pixel");

    public Calibration {
        if (!(pixelWidth > 0 && pixelHeight > 0 && voxelDepth > 0)) {
            throw new IllegalArgumentException("pixel sizes must be positive, were " + pixelWidth + " x "
                    + pixelHeight + " x " + voxelDepth);
        }
        if (unit == null || unit.isBlank()) {
            unit = "pixel";
        }
    }

    /** Whether sizes are in a physical unit rather than pixels. */
    public boolean isCalibrated() {
        return !unit.equals("pixel") && !unit.equals("pixels");
    }

    public double pixelArea() {
        return pixelWidth * pixelHeight;
    }

    public double voxelVolume() {
        return pixelWidth * pixelHeight * voxelDepth;
    }

    public String areaUnit() {
        return isCalibrated() ? unit + "²" : "pixel²";
    }

    public String volumeUnit() {
        return isCalibrated() ? unit + "³" : "voxel";
    }
}
