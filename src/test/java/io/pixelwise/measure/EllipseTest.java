package io.pixelwise.measure;

import io.pixelwise.regions.Connectivity;
import io.pixelwise.regions.Contours;
import io.pixelwise.regions.Outline;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EllipseTest {

    /** A filled ellipse rasterised by pixel centres: semi-axes a, b (pixels), major axis at {@code deg} on screen. */
    private static int[] raster(int w, int h, double cx, double cy, double a, double b, double deg) {
        int[] l = new int[w * h];
        double t = Math.toRadians(-deg);                     // screen angle → image coordinates (y down)
        double c = Math.cos(t);
        double s = Math.sin(t);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double u = dx * c + dy * s;
                double v = -dx * s + dy * c;
                if (u * u / (a * a) + v * v / (b * b) <= 1) {
                    l[y * w + x] = 1;
                }
            }
        }
        return l;
    }

    private static Outline outline(int[] labels, int w, int h) {
        return Contours.outlines(ArrayImgs.ints(labels, w, h), Connectivity.FACE).get(1);
    }

    private static double angleDiff(double a, double b) {
        double d = Math.abs(a - b) % 180;
        return Math.min(d, 180 - d);
    }

    /**
     * An ellipse centred on a pixel corner and drawn along an axis is symmetric, so the fit's cross term is a rounding
     * error (about 1e-17): its direction still comes out along the axis (it read 120.6° for one drawn at 0°).
     */
    @Test
    void symmetricAxisAlignedEllipsesKeepTheirAngle() {
        for (double deg : new double[] {0, 90}) {
            for (double[] axes : new double[][] {{30, 15}, {21, 20}}) {
                int[] l = raster(100, 100, 50, 50, axes[0], axes[1], deg);
                Ellipse fit = Ellipse.ofBoundary(outline(l, 100, 100), 1, 1, 100, 100);
                assertTrue(angleDiff(deg, fit.angle()) < 1, deg + "° " + axes[0] + " x " + axes[1] + ": angle "
                        + fit.angle());
                assertEquals(2 * axes[0], fit.major(), 0.02 * 2 * axes[0]);
            }
        }
    }

    @Test
    void ramanujanPerimeterOfACircleAndAFlatEllipse() {
        assertEquals(2 * Math.PI * 5, new Ellipse(0, 0, 10, 10, 0).perimeter(), 1e-12);
        assertEquals(4 * 10, new Ellipse(0, 0, 20, 0, 0).perimeter(), 0.02, "a segment: twice its length (0.04 %)");
        // Exact perimeter of a = 3, b = 1 by the arithmetic-geometric mean series: 13.364893220555...
        assertEquals(13.3648932205553, new Ellipse(0, 0, 6, 2, 0).perimeter(), 1e-6);
    }

    @Test
    void headCircumferenceWithinHalfAPercentAtSeveralRatiosAndAngles() {
        int w = 400;
        int h = 340;
        double pixel = 0.12;                                 // mm, as HC18's ~0.05-0.2 mm pixels
        for (double ratio : new double[] {1.0, 1.25, 1.5, 2.0}) {
            for (double deg : new double[] {0, 17, 45, 90, 133}) {
                double a = 150;
                double b = a / ratio;
                int[] l = raster(w, h, 201.3, 168.7, a, b, deg);
                Outline o = outline(l, w, h);
                double truth = new Ellipse(0, 0, 2 * a * pixel, 2 * b * pixel, 0).perimeter();
                Ellipse fit = Ellipse.ofBoundary(o, pixel, pixel, w, h);
                String at = "ratio " + ratio + ", " + deg + "°";
                assertEquals(truth, fit.perimeter(), 0.005 * truth, "boundary fit, " + at);
                assertEquals(2 * a * pixel, fit.major(), 0.005 * 2 * a * pixel, at);
                assertEquals(2 * b * pixel, fit.minor(), 0.005 * 2 * b * pixel, at);
                assertEquals(201.3 * pixel, fit.centreX(), 0.5 * pixel, at);
                assertEquals(168.7 * pixel, fit.centreY(), 0.5 * pixel, at);
                if (ratio > 1) {
                    assertTrue(angleDiff(deg, fit.angle()) < 1, at + ": angle " + fit.angle());
                }
                int n = 0;
                int[] xs = new int[l.length];
                int[] ys = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    if (l[i] != 0) {
                        xs[n] = i % w;
                        ys[n++] = i / w;
                    }
                }
                Ellipse m = Ellipse.ofMoments(xs, ys, n, pixel, pixel);
                assertEquals(truth, m.perimeter(), 0.005 * truth, "moments, " + at);
                if (ratio > 1) {
                    assertTrue(angleDiff(deg, m.angle()) < 1, at + ": moment angle " + m.angle());
                }
            }
        }
    }

    @Test
    void anisotropicPixelsAreMeasuredInCalibratedUnits() {
        // An ellipse 200 x 100 px on 0.1 x 0.2 mm pixels is a 20 x 20 mm circle.
        Ellipse fit = Ellipse.ofBoundary(outline(raster(240, 140, 120, 70, 100, 50, 0), 240, 140), 0.1, 0.2, 240, 140);
        assertEquals(20, fit.major(), 0.1);
        assertEquals(20, fit.minor(), 0.1);
        assertEquals(Math.PI * 20, fit.perimeter(), 0.005 * Math.PI * 20);
    }

    @Test
    void anEllipseCutOffByTheImageFrameIsFittedToTheRestOfItsOutline() {
        // A 300 x 180 px ellipse whose left quarter and top lie outside a 260 x 170 image.
        int w = 260;
        int h = 170;
        int[] l = raster(w, h, 120, 95, 150, 90, 10);
        Outline o = outline(l, w, h);
        Ellipse fit = Ellipse.ofBoundary(o, 1, 1, w, h);
        assertEquals(300, fit.major(), 1.5);
        assertEquals(180, fit.minor(), 1.5);
        assertEquals(120, fit.centreX(), 1);
        assertEquals(95, fit.centreY(), 1);
        Ellipse framed = Ellipse.ofBoundary(o, 1, 1, w + 1, h + 1);
        assertTrue(framed.minor() < 175, "the frame taken as outline flattens it: " + framed);
    }

    @Test
    void aBandIsNotAnEllipse() {
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
            y[i] = 2 * i + 1;
        }
        assertThrows(IllegalArgumentException.class, () -> Ellipse.ofPoints(x, y));
        assertThrows(IllegalArgumentException.class, () -> Ellipse.ofPoints(new double[3], new double[3]));
    }
}
