package io.pixelwise.measure;

/**
 * Pixel size, unit and origin of an image, the one representation of calibration the core uses (the ImageJ bridge
 * converts to and from ImageJ's). Uncalibrated images measure in pixels, and say so. The origin is ImageJ's: the
 * pixel position ({@code xOrigin}, {@code yOrigin}) and slice ({@code zOrigin}) that is position 0, so positions read
 * as ImageJ's Measure reports them (scans place it from their header; most images have none).
 */
public record Calibration(double pixelWidth, double pixelHeight, double voxelDepth, String unit, double xOrigin,
                          double yOrigin, double zOrigin) {

    public static final Calibration PIXELS = new Calibration(1, 1, 1, "pixel");

    public Calibration {
        if (!(pixelWidth > 0 && pixelHeight > 0 && voxelDepth > 0)) {
            throw new IllegalArgumentException("pixel sizes must be positive, were " + pixelWidth + " x "
                    + pixelHeight + " x " + voxelDepth);
        }
        if (unit == null || unit.isBlank()) {
            unit = "pixel";
        }
        if (!Double.isFinite(xOrigin) || !Double.isFinite(yOrigin) || !Double.isFinite(zOrigin)) {
            throw new IllegalArgumentException("the origin must be finite, was " + xOrigin + ", " + yOrigin + ", "
                    + zOrigin);
        }
    }

    /** Without an origin: positions count from the image's top-left corner. */
    public Calibration(double pixelWidth, double pixelHeight, double voxelDepth, String unit) {
        this(pixelWidth, pixelHeight, voxelDepth, unit, 0, 0, 0);
    }

    /** The position of pixel coordinate {@code x} (0 = the left edge of the first pixel) in the unit. */
    public double x(double x) {
        return (x - xOrigin) * pixelWidth;
    }

    /** The position of pixel coordinate {@code y} (0 = the top edge of the first row) in the unit. */
    public double y(double y) {
        return (y - yOrigin) * pixelHeight;
    }

    /** The position of slice coordinate {@code z} (0 = the near face of the first slice) in the unit. */
    public double z(double z) {
        return (z - zOrigin) * voxelDepth;
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
