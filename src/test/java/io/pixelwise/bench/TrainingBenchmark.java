package io.pixelwise.bench;

import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.TrainingFiles;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.PatchSampler;
import io.pixelwise.train.Trainer;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingData;
import io.pixelwise.train.UNet;
import io.pixelwise.train.Validation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training cost of each shipped model's recipe on this machine, in one JVM run: the baseline is the optimiser step
 * alone (one {@code session.run} on a batch already in memory); against it, a real step (patches sampled and
 * augmented from the recipe's data, then the step), and one epoch (its steps plus validation on the held-out split
 * through the Segment Image engine). Usage: {@code TrainingBenchmark training.json...}; prints a Markdown table.
 */
public final class TrainingBenchmark {

    private static final int WARM_UP = 3;
    private static final int STEPS = 20;

    public static void main(String[] args) throws Exception {
        System.out.println("| model | network | batch | optimiser step s (baseline) | sampled step s | x baseline "
                + "| validation s | epoch s (steps + validation) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String a : args) {
            System.out.println(row(TrainingConfig.read(Path.of(a))));
        }
    }

    private static String row(TrainingConfig c) throws Exception {
        List<List<TrainingData.Pair>> split = c.splitFiles();
        List<LabelledImage> train = load(c, split.get(0).subList(0, Math.min(20, split.get(0).size())));
        List<LabelledImage> val = load(c, split.get(1));
        int channels = train.get(0).channels();
        UNet.Config net = c.net(channels);
        ModelDescriptor d = c.descriptor(channels);
        PatchSampler sampler = c.sampler(train);
        int n = c.batch;
        int p = c.patch;
        int s = sampler.slices();
        float[] x = new float[n * s * p * p * net.inputChannels()];
        int[] y = new int[n * s * p * p];
        Random random = new Random(1);
        try (Trainer t = new Trainer(net, new Trainer.Loss(c.classWeights(), (float) c.dice_weight), 1, 0)) {
            sampler.fill(x, y, n, random);
            for (int i = 0; i < WARM_UP; i++) {
                t.step(x, y, n, s, p, 1e-4f);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                t.step(x, y, n, s, p, 1e-4f);
            }
            double step = (System.nanoTime() - t0) / 1e9 / STEPS;
            t0 = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                sampler.fill(x, y, n, random);
                t.step(x, y, n, s, p, 1e-4f);
            }
            double sampled = (System.nanoTime() - t0) / 1e9 / STEPS;
            t0 = System.nanoTime();
            Validation.score(t.network(d), val, Progress.NONE);
            double validation = (System.nanoTime() - t0) / 1e9;
            return String.format(Locale.ROOT, "| %s | %sdepth %d, %d filters%s%s | %d x %s%d^2 | %.3f | %.3f | %.2f "
                            + "| %.1f (%d %s) | %.0f |", c.name, net.dimensions() == 3 ? "3D, " : "", net.depth(),
                    net.baseFilters(), net.norm() == UNet.Norm.NONE ? "" : ", " + net.norm(),
                    net.inputScale() > 1 ? ", input 1/" + net.inputScale() : "", n, s > 1 ? s + " x " : "", p,
                    step, sampled, sampled / step, validation, val.size(), val.get(0).slices() > 1 ? "volumes"
                            : "images", c.steps_per_epoch * sampled + validation);
        }
    }

    private static List<LabelledImage> load(TrainingConfig c, List<TrainingData.Pair> pairs) throws Exception {
        List<LabelledImage> out = new ArrayList<>();
        for (TrainingData.Pair p : pairs) {
            out.add(TrainingFiles.labelled(p.id(), ImageFiles.open(p.image()), ImageFiles.open(p.labels()),
                    c.targets(), c.channelList()));
        }
        return out;
    }

    private TrainingBenchmark() {
    }
}
