package io.pixelwise.measure;

import io.pixelwise.regions.Outline;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * An ellipse fitted to a region: centre, full axis lengths (major ≥ minor) and the major axis's angle in degrees,
 * counter-clockwise from the x axis as seen on screen (y grows downwards), in [0, 180) — ImageJ's Fit Ellipse
 * convention. Two fits: {@link #ofBoundary} (least squares to the outline, for HC and diameters of heads and
 * lesions whose outline is the measured thing) and {@link #ofMoments} (second moments of the pixels).
 */
public record Ellipse(double centreX, double centreY, double major, double minor, double angle) {

    /** No ellipse: every value NaN. */
    public static final Ellipse NONE = new Ellipse(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The ellipse {@code d} inside this one (axes shorter by 2d, same centre and angle): where an outline drawn on
     * the pixels runs when a region reaches {@code d} beyond it. Its perimeter is the inner parallel curve's,
     * P − 2πd, up to terms in d² / axis.
     */
    public Ellipse inset(double d) {
        return d == 0 ? this : new Ellipse(centreX, centreY, major - 2 * d, minor - 2 * d, angle);
    }

    /** The perimeter by Ramanujan's second approximation (relative error below 0.04 %, even for a flat ellipse). */
    public double perimeter() {
        double a = major / 2;
        double b = minor / 2;
        double h = (a - b) * (a - b) / ((a + b) * (a + b));
        return Math.PI * (a + b) * (1 + 3 * h / (10 + Math.sqrt(4 - 3 * h)));
    }

    public double area() {
        return Math.PI * major * minor / 4;
    }

    /**
     * The ellipse with the same centroid and second moments as a set of pixels (each a pw x ph rectangle, so its own
     * spread counts too); exact for a filled ellipse up to rasterisation.
     *
     * @param xs pixel x indices, {@code ys} pixel y indices, {@code n} how many
     */
    public static Ellipse ofMoments(int[] xs, int[] ys, int n, double pw, double ph) {
        if (n < 1) {
            throw new IllegalArgumentException("no pixels to fit an ellipse to");
        }
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sx += xs[i];
            sy += ys[i];
        }
        double mx = sx / n;
        double my = sy / n;
        double cxx = 0;
        double cyy = 0;
        double cxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = (xs[i] - mx) * pw;
            double dy = (ys[i] - my) * ph;
            cxx += dx * dx;
            cyy += dy * dy;
            cxy += dx * dy;
        }
        cxx = cxx / n + pw * pw / 12;
        cyy = cyy / n + ph * ph / 12;
        cxy /= n;
        double mean = (cxx + cyy) / 2;
        double d = Math.sqrt((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy);
        double l1 = mean + d;
        double l2 = Math.max(0, mean - d);
        double theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);   // of the major axis, y down
        return new Ellipse((mx + 0.5) * pw, (my + 0.5) * ph, 4 * Math.sqrt(l1), 4 * Math.sqrt(l2),
                screenAngle(theta));
    }

    /**
     * The least-squares ellipse through an outline's boundary (Fitzgibbon's direct fit in Halíř and Flusser's stable
     * form): fitted to the midpoints of the outer loops' pixel edges, which lie on a smooth boundary on average where
     * the corners of a staircase alternate inside and outside it. Edges along the frame of a {@code width} x
     * {@code height} image are left out: there the object is cut off by the image, not bounded (a head partly out of
     * the ultrasound frame). Holes are ignored.
     *
     * @throws IllegalArgumentException when too few edges remain or they are not elliptic (e.g. a straight band)
     */
    public static Ellipse ofBoundary(Outline outline, double pw, double ph, int width, int height) {
        int n = 0;
        for (Outline.Loop l : outline.loops()) {
            if (!l.hole()) {
                for (int i = 0, j = l.xs().length - 1; i < l.xs().length; j = i++) {
                    n += Math.abs(l.xs()[i] - l.xs()[j]) + Math.abs(l.ys()[i] - l.ys()[j]);
                }
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (Outline.Loop l : outline.loops()) {
            if (l.hole()) {
                continue;
            }
            for (int i = 0, j = l.xs().length - 1; i < l.xs().length; j = i++) {
                int x0 = l.xs()[j];
                int y0 = l.ys()[j];
                int dx = Integer.signum(l.xs()[i] - x0);
                int dy = Integer.signum(l.ys()[i] - y0);
                boolean onFrame = dx == 0 ? x0 == 0 || x0 == width : y0 == 0 || y0 == height;
                if (onFrame) {
                    continue;
                }
                int steps = Math.abs(l.xs()[i] - x0) + Math.abs(l.ys()[i] - y0);
                for (int s = 0; s < steps; s++) {
                    x[k] = (x0 + dx * (s + 0.5)) * pw;
                    y[k] = (y0 + dy * (s + 0.5)) * ph;
                    k++;
                }
            }
        }
        return ofPoints(java.util.Arrays.copyOf(x, k), java.util.Arrays.copyOf(y, k));
    }

    /** The least-squares (direct, ellipse-specific) fit to boundary points; see {@link #ofBoundary}. */
    public static Ellipse ofPoints(double[] x, double[] y) {
        int n = x.length;
        if (n < 6) {
            throw new IllegalArgumentException("an ellipse needs at least 6 boundary points, got " + n);
        }
        // Centre and scale the points: the normal equations then stay well conditioned for any image size.
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.max(Math.abs(x[i] - mx), Math.abs(y[i] - my)));
        }
        double[][] s1 = new double[3][3];
        double[][] s2 = new double[3][3];
        double[][] s3 = new double[3][3];
        for (int i = 0; i < n; i++) {
            double u = (x[i] - mx) / scale;
            double v = (y[i] - my) / scale;
            double[] d1 = {u * u, u * v, v * v};
            double[] d2 = {u, v, 1};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    s1[r][c] += d1[r] * d1[c];
                    s2[r][c] += d1[r] * d2[c];
                    s3[r][c] += d2[r] * d2[c];
                }
            }
        }
        RealMatrix S1 = new Array2DRowRealMatrix(s1);
        RealMatrix S2 = new Array2DRowRealMatrix(s2);
        RealMatrix S3 = new Array2DRowRealMatrix(s3);
        RealMatrix t = new LUDecomposition(S3).getSolver().getInverse().multiply(S2.transpose()).scalarMultiply(-1);
        RealMatrix m = S1.add(S2.multiply(t));
        // Premultiply by the inverse of the constraint matrix C1 = [[0, 0, 2], [0, -1, 0], [2, 0, 0]].
        RealMatrix mc = new Array2DRowRealMatrix(3, 3);
        for (int c = 0; c < 3; c++) {
            mc.setEntry(0, c, m.getEntry(2, c) / 2);
            mc.setEntry(1, c, -m.getEntry(1, c));
            mc.setEntry(2, c, m.getEntry(0, c) / 2);
        }
        double[] a1 = null;
        EigenDecomposition eig = new EigenDecomposition(mc);
        for (int e = 0; e < 3; e++) {
            if (Math.abs(eig.getImagEigenvalue(e)) > 1e-12 * Math.abs(eig.getRealEigenvalue(e))) {
                continue;
            }
            double[] v = nullVector(mc, eig.getRealEigenvalue(e));
            if (v != null && 4 * v[0] * v[2] - v[1] * v[1] > 0) {
                a1 = v;
            }
        }
        if (a1 == null) {
            throw new IllegalArgumentException("the boundary is not elliptic (no ellipse fits its "
                    + n + " points)");
        }
        double[] a2 = t.operate(a1);
        return fromConic(a1[0], a1[1], a1[2], a2[0], a2[1], a2[2], mx, my, scale);
    }

    /** A unit vector v with (m - λI) v = 0: the largest cross product of two rows of m - λI. */
    private static double[] nullVector(RealMatrix m, double lambda) {
        double[][] r = m.getData();
        for (int i = 0; i < 3; i++) {
            r[i][i] -= lambda;
        }
        double[] best = null;
        double bestNorm = 0;
        for (int i = 0; i < 3; i++) {
            double[] p = r[i];
            double[] q = r[(i + 1) % 3];
            double[] c = {p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]};
            double norm = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            if (norm > bestNorm) {
                bestNorm = norm;
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        for (int i = 0; i < 3; i++) {
            best[i] /= bestNorm;
        }
        return best;
    }

    /** The ellipse a u² + b uv + c v² + d u + e v + f = 0 in coordinates u = (x - mx) / s, v = (y - my) / s. */
    private static Ellipse fromConic(double a, double b, double c, double d, double e, double f, double mx,
                                     double my, double s) {
        double den = b * b - 4 * a * c;
        double u0 = (2 * c * d - b * e) / den;
        double v0 = (2 * a * e - b * d) / den;
        // Value of the conic at the centre; the quadratic form there gives the axes.
        double f0 = a * u0 * u0 + b * u0 * v0 + c * v0 * v0 + d * u0 + e * v0 + f;
        double mean = (a + c) / 2;
        double diff = Math.sqrt((a - c) * (a - c) / 4 + b * b / 4);
        double l1 = mean - diff;      // smaller eigenvalue of [[a, b/2], [b/2, c]]: along the major axis
        double l2 = mean + diff;
        double semiMajor = Math.sqrt(-f0 / l1);
        double semiMinor = Math.sqrt(-f0 / l2);
        if (!(semiMajor > 0 && semiMinor > 0) || Double.isInfinite(semiMajor)) {
            throw new IllegalArgumentException("the boundary is not elliptic (degenerate fit)");
        }
        // Direction of the major axis: eigenvector of [[a, b/2], [b/2, c]] for l1, a quarter turn from the principal
        // axis tan 2ψ = b / (a - c) (well defined where b is a rounding error: a symmetric, axis-aligned object)
        double theta = 0.5 * Math.atan2(b, a - c) + Math.PI / 2;
        return new Ellipse(mx + u0 * s, my + v0 * s, 2 * semiMajor * s, 2 * semiMinor * s, screenAngle(theta));
    }

    /** An axis direction in image coordinates (y down, radians) as degrees counter-clockwise on screen, [0, 180). */
    private static double screenAngle(double theta) {
        double deg = Math.toDegrees(-theta) % 180;
        if (deg < 0) {
            deg += 180;
        }
        return deg == 0 || deg >= 180 ? 0 : deg;      // 0 also for -0.0, which a table would print as "-0"
    }
}
