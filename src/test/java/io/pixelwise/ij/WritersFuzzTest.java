package io.pixelwise.ij;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import io.pixelwise.io.TiffStackWriter;
import io.pixelwise.measure.Calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Round trips of the writers users' results go through, fuzzed: what our TIFF stack writer and ROI zip writer
 * write, ImageJ must read back exactly (pixels, planes, calibration; ROI names and polygons). Seeds only in
 * {@code mvn verify}; {@code JAZZER_FUZZ=1 mvn test -Dtest=WritersFuzzTest#tiffStack} fuzzes for real.
 */
class WritersFuzzTest {

    @FuzzTest
    void tiffStack(FuzzedDataProvider in) throws IOException {
        int w = in.consumeInt(1, 64);
        int h = in.consumeInt(1, 64);
        int slices = in.consumeInt(1, 4);
        int frames = in.consumeInt(1, 3);
        TiffStackWriter.PixelType type = in.pickValue(TiffStackWriter.PixelType.values());
        double pixel = in.consumeRegularDouble(1e-4, 1e4);
        Calibration cal = in.consumeBoolean() ? Calibration.PIXELS : new Calibration(pixel, pixel, 1, "µm");
        Path file = Files.createTempFile("stack", ".tif");
        try {
            List<Object> planes = new ArrayList<>();
            try (TiffStackWriter writer = new TiffStackWriter(file, w, h, type, slices, frames, cal)) {
                for (int p = 0; p < slices * frames; p++) {
                    Object plane = switch (type) {
                        case UINT8 -> in.consumeBytes(w * h);
                        case UINT16 -> shorts(in, w * h);
                        case FLOAT32 -> floats(in, w * h);
                    };
                    plane = pad(plane, w * h);
                    planes.add(plane);
                    writer.write(plane);
                }
            }
            ImagePlus back = IJ.openImage(file.toString());
            assertEquals(w, back.getWidth());
            assertEquals(h, back.getHeight());
            assertEquals(slices * frames, back.getStackSize());
            for (int p = 0; p < planes.size(); p++) {
                Object read = back.getStack().getPixels(p + 1);
                switch (type) {
                    case UINT8 -> assertArrayEquals((byte[]) planes.get(p), (byte[]) read);
                    case UINT16 -> assertArrayEquals((short[]) planes.get(p), (short[]) read);
                    case FLOAT32 -> assertArrayEquals((float[]) planes.get(p), (float[]) read);
                }
            }
            if (cal.isCalibrated()) {
                assertEquals(pixel, back.getCalibration().pixelWidth, pixel * 1e-5);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest
    void roiZip(FuzzedDataProvider in) throws IOException {
        int n = in.consumeInt(0, 5);
        List<Roi> rois = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int points = in.consumeInt(3, 20);
            int[] xs = new int[points];
            int[] ys = new int[points];
            for (int i = 0; i < points; i++) {
                xs[i] = in.consumeInt(0, 30000);
                ys[i] = in.consumeInt(0, 30000);
            }
            Roi roi = new PolygonRoi(xs, ys, points, Roi.TRACED_ROI);
            roi.setName(in.consumeString(20));
            rois.add(roi);
        }
        Path zip = Files.createTempFile("rois", ".zip");
        try {
            Rois.writeZip(rois, zip);
            try (ZipFile z = new ZipFile(zip.toFile())) {
                List<? extends ZipEntry> entries = z.stream().toList();
                assertEquals(rois.size(), entries.size(), "one entry per ROI, names made unique");
                for (int r = 0; r < rois.size(); r++) {
                    byte[] bytes = z.getInputStream(entries.get(r)).readAllBytes();
                    Roi back = RoiDecoder.openFromByteArray(bytes);
                    java.awt.Polygon expected = rois.get(r).getPolygon();
                    java.awt.Polygon got = back.getPolygon();
                    assertArrayEquals(Arrays.copyOf(expected.xpoints, expected.npoints),
                            Arrays.copyOf(got.xpoints, got.npoints));
                    assertArrayEquals(Arrays.copyOf(expected.ypoints, expected.npoints),
                            Arrays.copyOf(got.ypoints, got.npoints));
                }
            }
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static short[] shorts(FuzzedDataProvider in, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n && in.remainingBytes() > 1; i++) {
            s[i] = in.consumeShort();
        }
        return s;
    }

    private static float[] floats(FuzzedDataProvider in, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n && in.remainingBytes() > 3; i++) {
            f[i] = in.consumeRegularFloat(-1e6f, 1e6f);
        }
        return f;
    }

    /** A plane of the full size: the fuzzer may run out of bytes before it is filled. */
    private static Object pad(Object plane, int n) {
        return plane instanceof byte[] b && b.length < n ? Arrays.copyOf(b, n) : plane;
    }
}
