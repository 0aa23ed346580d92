package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Class images drawn from ASCII art: '.' is 0, digits are their class. */
final class ShapesFixture {

    private ShapesFixture() {
    }

    static ArrayImg<UnsignedByteType, ByteArray> draw(String... rows) {
        int h = rows.length;
        int w = rows[0].length();
        byte[] v = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                char c = rows[y].charAt(x);
                v[y * w + x] = (byte) (c == '.' ? 0 : c - '0');
            }
        }
        return ArrayImgs.unsignedBytes(v, w, h);
    }
}
