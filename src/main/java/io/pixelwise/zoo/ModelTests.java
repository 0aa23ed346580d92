package io.pixelwise.zoo;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.Network;
import io.pixelwise.model.TensorLayout;
import net.imglib2.img.array.ArrayImgs;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The zoo's own model test, in Java: the package's test input, preprocessed as its description says (statistics per
 * sample, as the spec's {@code per_sample} operations take them), through the network and its postprocessing, must
 * give the test output within the package's reproducibility tolerance. The same path makes the test output when
 * Pixelwise exports a model.
 */
public final class ModelTests {

    /** The outcome: pass or fail, the largest difference, how many values were off by more than allowed. */
    public record Result(boolean passed, double maxDifference, long mismatched, long values, String message) {
    }

    private ModelTests() {
    }

    public static Result test(ZooPackages.Opened pkg, Network network) throws IOException {
        ModelRdf rdf = pkg.rdf();
        ModelRdf.Tensor in = rdf.inputs().get(0);
        ModelRdf.Tensor out = rdf.outputs().get(0);
        Npy.Array input = readTest(pkg, in, "inputs[0]");
        Npy.Array expected = readTest(pkg, out, "outputs[0]");
        checkSizes(pkg, in, input, "inputs[0]");
        Npy.Array actual;
        try {
            actual = predict(network, ModelRdf.Step.asMaps(in.processing()), in.axesLetters(), input,
                    out.axesLetters());
        } catch (IllegalArgumentException e) {
            return new Result(false, Double.NaN, -1, 0, "the test input could not be run: " + e.getMessage());
        }
        return compare(actual, expected, rdf.tolerance());
    }

    private static Npy.Array readTest(ZooPackages.Opened pkg, ModelRdf.Tensor t, String field) throws IOException {
        if (t.testTensor() == null) {
            throw new ModelException("Model package " + pkg.rdf().file() + ": " + field + " has no test_tensor, "
                    + "so there is nothing to test against (a model folder has none; Export Model to Zoo writes a "
                    + "package with them)");
        }
        java.nio.file.Path file = pkg.file(t.testTensor().source());
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ModelException("Model package " + pkg.rdf().file() + ": " + field + ".test_tensor '"
                    + t.testTensor().source() + "' is not in the package");
        }
        ZooPackages.checkSha256(file, t.testTensor().sha256(), field + ".test_tensor", pkg.rdf().file());
        Npy.Array a = Npy.read(file);
        if (a.shape().length != t.axes().size()) {
            throw new ModelException("Model package " + pkg.rdf().file() + ": " + field + ".test_tensor has "
                    + a.shape().length + " axes, the tensor " + t.axes().size() + " (" + t.axesLetters() + ")");
        }
        return a;
    }

    /** The test input's sizes must follow the tensor's own size rules, or the package contradicts itself. */
    private static void checkSizes(ZooPackages.Opened pkg, ModelRdf.Tensor t, Npy.Array a, String field) {
        for (int i = 0; i < t.axes().size(); i++) {
            ModelRdf.Axis axis = t.axes().get(i);
            long n = a.shape()[i];
            String rule = null;
            if (axis.size() instanceof ModelRdf.Fixed f && !axis.type().equals("batch") && n != f.value()) {
                rule = "the fixed size " + f.value();
            } else if (axis.size() instanceof ModelRdf.Parameterized p
                    && (n < p.min() || (n - p.min()) % p.step() != 0)) {
                rule = "the size rule " + p.min() + " + n * " + p.step();
            }
            if (rule != null) {
                throw new ModelException("Model package " + pkg.rdf().file() + ": " + field + ".test_tensor has "
                        + axis.id() + " = " + n + ", which " + rule + " of " + field + ".axes[" + i + "] does not "
                        + "allow");
            }
        }
    }


    /**
     * Runs a raw tensor (axes {@code inAxes}: b, c, y, x in any order, and z for a volumetric model) through
     * {@code preprocessing} (the zoo's steps, statistics per sample and channel, or over all channels where a step's
     * axes include the channel) and the network; returns the output in axis order {@code outAxes}. A one-channel
     * foreground model's output is its foreground probability. A volume is one sample, its batch axis of size 1.
     */
    public static Npy.Array predict(Network network, List<Map<String, Object>> preprocessing, String inAxes,
                                    Npy.Array input, String outAxes) {
        long[] s = input.shape();
        boolean volume = inAxes.indexOf('z') >= 0;
        if (volume && s[inAxes.indexOf('b')] != 1) {
            throw new IllegalArgumentException("the test input holds " + s[inAxes.indexOf('b')] + " volumes; "
                    + "Pixelwise runs a volumetric model on one at a time");
        }
        int n = (int) s[inAxes.indexOf(volume ? 'z' : 'b')];
        int c = (int) s[inAxes.indexOf('c')];
        int h = (int) s[inAxes.indexOf('y')];
        int w = (int) s[inAxes.indexOf('x')];
        ModelDescriptor d = network.descriptor();
        if (c != d.input.channels) {
            throw new IllegalArgumentException("the test input has " + c + " channels, the model takes "
                    + d.input.channels);
        }
        String tile = volume ? "zyxc" : "byxc";
        float[] byxc = TensorLayout.reorder(input.data(), TensorLayout.dataAxes(inAxes), tile, n, h, w, c);
        int samples = volume ? 1 : n;
        int planes = volume ? n : 1;
        ModelDescriptor.Normalization spec = ModelDescriptor.Normalization.bioimageio(preprocessing);
        float[] normalised = new float[byxc.length];
        int size = planes * h * w;
        for (int b = 0; b < samples; b++) {
            float[] sample = Arrays.copyOfRange(byxc, b * size * c, (b + 1) * size * c);
            for (int ch = 0; ch < c; ch++) {
                float[] plane = new float[size];
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = sample[i * c + ch];
                }
                Normalizer norm = Normalizer.fit(spec, spec.joint_channels ? ArrayImgs.floats(sample, c, w, h, planes)
                        : ArrayImgs.floats(plane, w, h, planes), ch);
                for (int i = 0; i < plane.length; i++) {
                    normalised[b * size * c + i * c + ch] = norm.apply(plane[i]);
                }
            }
        }
        float[] scores = network.predict(normalised, n, h, w);
        int k = d.networkChannels();
        if (k == 1 && "foreground".equals(d.output.kind)) {
            float[] p = new float[scores.length / 2];
            for (int i = 0; i < p.length; i++) {
                p[i] = scores[2 * i + 1];
            }
            scores = p;
        }
        float[] ordered = TensorLayout.reorder(scores, tile, TensorLayout.dataAxes(outAxes), n, h, w, k);
        return new Npy.Array(TensorLayout.shape(outAxes, n, h, w, k), ordered);
    }

    /** Element by element: {@code |actual - expected| <= absolute + relative * |expected|}. */
    public static Result compare(Npy.Array actual, Npy.Array expected, ModelRdf.Tolerance t) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return new Result(false, Double.NaN, -1, 0, "output shape " + Arrays.toString(actual.shape())
                    + " differs from the test output's " + Arrays.toString(expected.shape()));
        }
        double max = 0;
        long off = 0;
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]);
            if (!(diff <= t.absolute() + t.relative() * Math.abs(e[i]))) {
                off++;
            }
            max = Math.max(max, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
        }
        boolean passed = off <= t.mismatchedPerMillion() * a.length / 1e6;
        return new Result(passed, max, off, a.length, String.format(Locale.ROOT, "%s: max difference %.3g, %d of "
                + "%d values beyond the tolerance (relative %.3g, absolute %.3g, %.0f per million allowed)",
                passed ? "passed" : "FAILED", max, off, a.length, t.relative(), t.absolute(), t.mismatchedPerMillion()));
    }
}
