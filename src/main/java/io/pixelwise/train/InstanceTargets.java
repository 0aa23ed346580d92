package io.pixelwise.train;

/**
 * Turns an instance label image into three training classes: 0 background, 1 object interior, 2 boundary.
 * A boundary pixel is an object pixel with a 4-neighbour of another label (or background), so touching
 * objects are always separated by a boundary line the network can learn.
 */
public final class InstanceTargets {

    public static final byte BACKGROUND = 0;
    public static final byte INTERIOR = 1;
    public static final byte BOUNDARY = 2;

    private InstanceTargets() {
    }

    public static byte[] threeClass(int[] labels, int width, int height) {
        byte[] out = new byte[labels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int l = labels[i];
                if (l == 0) {
                    continue;
                }
                boolean edge = (x > 0 && labels[i - 1] != l) || (x < width - 1 && labels[i + 1] != l)
                        || (y > 0 && labels[i - width] != l) || (y < height - 1 && labels[i + width] != l);
                out[i] = edge ? BOUNDARY : INTERIOR;
            }
        }
        return out;
    }
}
