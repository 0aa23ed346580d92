package io.pixelwise.model;

/**
 * The 8 flips and quarter turns of a plane, as codes 0-7 (bit 0: flip x, bit 1: flip y, bit 2: transpose, applied in
 * that order to the coordinates of the result). Training draws its patches under them and test-time augmentation
 * averages over them, so both use these codes and this one coordinate map.
 */
public final class Symmetry {

    public static final int FLIP_X = 1;
    public static final int FLIP_Y = 2;
    public static final int TRANSPOSE = 4;

    private Symmetry() {
    }

    /**
     * The group that flips in x and/or y and quarter turns generate: flips and turns together give all 8, turns alone
     * the 4 rotations, flips alone the identity with their flips.
     */
    public static int[] codes(boolean flipX, boolean flipY, boolean rotations) {
        if (rotations && (flipX || flipY)) {
            return new int[] {0, 1, 2, 3, 4, 5, 6, 7};
        }
        if (rotations) {
            return new int[] {0, 3, 5, 6};              // 0°, 180°, and the two quarter turns
        }
        return flipX && flipY ? new int[] {0, 1, 2, 3} : flipX ? new int[] {0, 1} : flipY ? new int[] {0, 2}
                : new int[] {0};
    }

    public static boolean transposes(int code) {
        return (code & TRANSPOSE) != 0;
    }

    /**
     * Index, in the original row-major plane, of pixel (u, v) of its image under {@code code}, where the image is
     * {@code width} x {@code height} (the original is {@code height} wide and {@code width} high when the code
     * transposes).
     */
    public static int sourceIndex(int u, int v, int width, int height, int code) {
        int a = (code & FLIP_X) != 0 ? width - 1 - u : u;
        int b = (code & FLIP_Y) != 0 ? height - 1 - v : v;
        return transposes(code) ? a * height + b : b * width + a;
    }
}
