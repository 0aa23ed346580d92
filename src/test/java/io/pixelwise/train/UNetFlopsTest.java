package io.pixelwise.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UNetFlopsTest {

    /** Multiply-adds counted by hand from the architecture, two FLOPs each. */
    @Test
    void convolutionFlopsPerPixelCountedByHand() {
        // depth 1: 3x3x1x4 + 3x3x4x4 + head 1x1x4x2 = 36 + 144 + 8 multiply-adds per pixel
        assertEquals(2 * 188, UNet.flopsPerPixel(new UNet.Config(1, 2, 1, 4, UNet.Norm.NONE, 0, 1)), 1e-9);
        // depth 2 adds level 1 (3x3x4x8 + 3x3x8x8 at a quarter of the pixels) and up0 (3x3x12x4 + 3x3x4x4)
        double macs = 36 + 144 + (288 + 576) / 4.0 + 432 + 144 + 8;
        assertEquals(2 * macs, UNet.flopsPerPixel(new UNet.Config(1, 2, 2, 4, UNet.Norm.BATCH, 0, 1)), 1e-9);
        // input scale 2: every convolution runs on a quarter of the pixels
        assertEquals(2 * macs / 4, UNet.flopsPerPixel(new UNet.Config(1, 2, 2, 4, UNet.Norm.BATCH, 0, 2)), 1e-9);
        // 3D: 3x3x3 kernels (three times the 3x3 ones), level 1 at an eighth of the voxels, head 1x1x1
        double voxel = 3 * (36 + 144) + 3 * (288 + 576) / 8.0 + 3 * (432 + 144) + 8;
        assertEquals(2 * voxel, UNet.flopsPerPixel(new UNet.Config(1, 2, 2, 4, UNet.Norm.BATCH, 0, 1, 3)), 1e-9);
    }
}
