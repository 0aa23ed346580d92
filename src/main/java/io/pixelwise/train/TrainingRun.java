package io.pixelwise.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A whole training run into a model folder: split by item with a fixed seed, epochs of augmented patches under a
 * cosine learning-rate schedule, validation after every epoch through the Segment Image engine, the best epoch
 * kept, early stopping, and finally the export of the best weights with descriptor, card, configuration and
 * per-epoch log. Every epoch leaves a checkpoint (weights and Adam state) in {@code checkpoints/} so a canceled or
 * interrupted run resumes where it stopped; a finished run removes it.
 */
public final class TrainingRun {

    public static final String CHECKPOINTS = "checkpoints";
    public static final String LOG = "training-log.csv";
    private static final String STATE = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();
    /** The cosine schedule ends at this fraction of the peak learning rate. */
    private static final double FINAL_LR_FRACTION = 0.02;

    /** One finished epoch: mean training loss, validation score, per-class Dice and IoU, time since the start. */
    public record Epoch(int epoch, double loss, double learningRate, double score, double[] dice, double[] iou,
                        double foregroundDice, double seconds, boolean best) {
    }

    /** What a listener hears after each epoch. */
    public record Report(Epoch epoch, int epochs, SegmentationScores scores, double etaSeconds) {
        /** One line: epoch, loss, validation Dice per class (and AP), time, ETA, a star for a new best. */
        public String line() {
            StringBuilder dice = new StringBuilder();
            for (int k = 1; k < scores.classes().size(); k++) {
                dice.append(String.format(java.util.Locale.ROOT, " %s %.3f/%.3f", scores.classes().get(k),
                        scores.dice(k), scores.iou(k)));
            }
            return String.format(java.util.Locale.ROOT, "epoch %3d/%d  loss %.4f  lr %.1e  val Dice/IoU%s  fg %.3f%s  "
                            + "%5.1f min  ETA %.0f min%s", epoch.epoch(), epochs, epoch.loss(), epoch.learningRate(),
                    dice, scores.foregroundDice(), scores.hasInstances() ? String.format(java.util.Locale.ROOT,
                            "  AP50 %.3f", scores.instanceMatching().averagePrecision()) : "",
                    epoch.seconds() / 60, etaSeconds / 60, epoch.best() ? "  *" : "");
        }
    }

    public interface Listener {
        void epoch(Report report);
    }

    /** A finished run: where the model went, and how the training went. */
    public record Outcome(Path model, ModelDescriptor descriptor, List<Epoch> history, Epoch best,
                          SegmentationScores bestScores, boolean stoppedEarly, int trainItems,
                          List<String> validationIds, boolean volumes) {
        public double seconds() {
            return history.isEmpty() ? 0 : history.get(history.size() - 1).seconds();
        }
    }

    /** What a checkpoint remembers besides the TensorFlow variables. */
    private record State(TrainingConfig config, int epoch, long steps, List<Epoch> history,
                         List<String> validationIds) {
    }

    private TrainingRun() {
    }

    /**
     * Trains on {@code items} into the model folder {@code out}.
     *
     * @param initialWeights weights to start from (fine-tuning), or null for a random start
     * @param resume         continue the run whose checkpoint is in {@code out}
     */
    public static Outcome train(TrainingConfig config, List<LabelledImage> items, Map<String, float[]> initialWeights,
                                Path out, boolean resume, Progress progress, Listener listener) throws IOException {
        config.check("training configuration");
        Path checkpoints = out.resolve(CHECKPOINTS);
        State state = resume ? readState(out) : null;
        if (!resume && Files.isDirectory(out) && !isEmpty(out)) {
            throw new IOException("Output folder " + out.toAbsolutePath() + " is not empty; choose a new folder"
                    + (Files.exists(checkpoints.resolve(STATE)) ? " or resume the run that is there" : ""));
        }
        Function<String, String> groupOf = config.groupOfImage();
        List<List<LabelledImage>> split = TrainingData.split(items, item -> groupOf.apply(item.id()),
                config.validation_fraction, config.splitSeed());
        List<LabelledImage> train = split.get(0);
        List<LabelledImage> val = split.get(1);
        List<String> valIds = val.stream().map(LabelledImage::id).sorted().toList();
        if (state != null && !state.validationIds().equals(valIds)) {
            throw new IOException("The training data changed since the checkpoint in " + out
                    + " was written (other validation images); start a new run");
        }
        int channels = train.get(0).channels();
        ModelDescriptor descriptor = config.descriptor(channels);
        UNet.Config net = config.net(channels);
        PatchSampler sampler = config.sampler(train);

        List<Epoch> history = state == null ? new ArrayList<>() : new ArrayList<>(state.history());
        int firstEpoch = state == null ? 1 : state.epoch() + 1;
        double secondsBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).seconds();
        long t0 = System.nanoTime();
        boolean stoppedEarly = false;
        SegmentationScores bestScores = null;
        boolean volumes = items.stream().anyMatch(i -> i.slices() > 1);
        Outcome outcome;
        try (Trainer trainer = new Trainer(net, new Trainer.Loss(config.classWeights(), (float) config.dice_weight),
                config.weight_average, config.weight_decay, config.seed, config.threads)) {
            if (state != null) {
                trainer.restore(checkpoints.resolve("last"), state.steps());
            } else if (initialWeights != null) {
                trainer.setWeights(initialWeights);
            }
            int n = config.batch;
            int p = config.patch;
            int slices = sampler.slices();
            float[] x = new float[n * slices * p * p * net.inputChannels()];
            int[] y = new int[n * slices * p * p];
            long totalSteps = (long) config.epochs * config.steps_per_epoch;
            for (int epoch = firstEpoch; epoch <= config.epochs && !stoppedEarly; epoch++) {
                Random random = new Random(config.seed * 1_000_003L + epoch);
                double lossSum = 0;
                double lr = 0;
                for (int s = 1; s <= config.steps_per_epoch; s++) {
                    progress.checkCanceled();
                    lr = learningRate(config.learning_rate, trainer.steps(), totalSteps);
                    sampler.fill(x, y, n, random);
                    lossSum += trainer.step(x, y, n, slices, p, (float) lr);
                    progress.fraction(((epoch - 1) + (double) s / config.steps_per_epoch) / config.epochs);
                    if (s % 10 == 0) {
                        progress.status(String.format("Training %s: epoch %d/%d, step %d/%d, loss %.4f",
                                config.name, epoch, config.epochs, s, config.steps_per_epoch, lossSum / s));
                    }
                }
                progress.status(String.format("Training %s: validating epoch %d on %d image(s)", config.name, epoch,
                        val.size()));
                SegmentationScores scores = Validation.score(trainer.network(descriptor), val, progress);
                double score = Validation.selectionScore(scores);
                Epoch bestSoFar = best(history);
                boolean isBest = bestSoFar == null || score > bestSoFar.score();
                double[] dice = new double[descriptor.classes.size()];
                double[] iou = new double[dice.length];
                for (int k = 0; k < dice.length; k++) {
                    dice[k] = scores.dice(k);
                    iou[k] = scores.iou(k);
                }
                double seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                Epoch e = new Epoch(epoch, lossSum / config.steps_per_epoch, lr, score, dice, iou,
                        scores.foregroundDice(), seconds, isBest);
                history.add(e);
                Files.createDirectories(checkpoints);
                if (isBest) {
                    trainer.save(checkpoints.resolve("best"));
                    bestScores = scores;
                }
                trainer.save(checkpoints.resolve("last"));
                writeState(out, new State(config, epoch, trainer.steps(), history, valIds));
                double perEpoch = seconds / epoch;
                listener.epoch(new Report(e, config.epochs, scores, perEpoch * (config.epochs - epoch)));
                stoppedEarly = shouldStop(epoch, config.epochs, best(history).epoch(), config.patience);
            }
            Epoch best = best(history);
            trainer.restore(checkpoints.resolve("best"), trainer.steps());
            if (bestScores == null) {
                bestScores = Validation.score(trainer.network(descriptor), val, progress);
            }
            outcome = new Outcome(out, descriptor, history, best, bestScores, stoppedEarly, train.size(), valIds,
                    volumes);
            ModelExporter.export(net, trainer.weights(), descriptor, ModelCard.write(config, outcome), out);
        }
        config.write(out.resolve(TrainingConfig.FILE_NAME));
        writeLog(out.resolve(LOG), history, descriptor);
        deleteTree(checkpoints);
        return outcome;
    }

    /** Where fine-tuning starts: the configuration as the base model dictates it, and the base model's weights. */
    public record FineTuneStart(TrainingConfig config, Map<String, float[]> weights) {
    }

    /**
     * Fine-tuning from a trained model. The run adopts the model's network (2D or 3D; a 3D one trains on cubic
     * patches unless {@code patch_slices} says otherwise), normalisation, slice context and, for instances, how they
     * are learnt (boundary class or distance levels), since its weights only make sense with them; class and channel
     * counts must match the new data. {@code config} itself is left as it was.
     */
    public static FineTuneStart fineTune(SegmentationModel base, TrainingConfig config, int channels) {
        ModelDescriptor b = base.descriptor();
        if (b.network == null) {
            throw new IllegalArgumentException("Model '" + b.name + "' describes no 'network' (config.pixelwise of "
                    + "its rdf.yaml), so it was not trained by Pixelwise and cannot be fine-tuned");
        }
        TrainingConfig c = config.copy();
        if (c.labelMode() == LabelMode.INSTANCES) {
            c.distance_levels = b.distance_levels;
            c.seed_level = b.distance_levels > 0 ? b.seed_level : c.seed_level;
        }
        if (b.classes.size() != c.classNames().size() || b.scoreChannels() != c.networkClasses()) {
            throw new IllegalArgumentException("Model '" + b.name + "' has " + b.classes.size() + " classes "
                    + b.classes + " but the new labels make " + c.classNames().size() + " "
                    + c.classNames() + (b.distance_levels != c.distance_levels ? " (distance levels: "
                    + b.distance_levels + " in the model, " + c.distance_levels + " asked for)" : "")
                    + "; fine-tuning needs the same number of classes");
        }
        if (b.imageChannels() != channels) {
            throw new IllegalArgumentException("Model '" + b.name + "' takes " + b.imageChannels()
                    + " channel(s) but the training images have " + channels);
        }
        c.network = b.network;
        c.normalization = b.normalization;
        c.context_slices = b.context_slices;
        if (b.network.dimensions == 3 && c.patch_slices == 0) {
            c.patch_slices = c.patch;      // cubic patches unless asked otherwise
        }
        UNet.Config net = c.net(channels);
        return new FineTuneStart(c, base.variables(UNet.weights(net).stream().map(UNet.Weight::name).toList()));
    }

    /**
     * Early stopping, only in the second half of the run: while the learning rate is high the validation score
     * swings from epoch to epoch, and stopping then would throw away the decay that makes the final model. The last
     * epoch ends the run anyway, so it never counts as stopping early.
     */
    static boolean shouldStop(int epoch, int epochs, int bestEpoch, int patience) {
        return epoch < epochs && 2 * epoch >= epochs && epoch - bestEpoch >= patience;
    }

    /** Cosine decay from {@code peak} to {@code FINAL_LR_FRACTION * peak} over the whole run. */
    static double learningRate(double peak, long step, long totalSteps) {
        double t = Math.min(1, (double) step / Math.max(1, totalSteps));
        return peak * (FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    private static Epoch best(List<Epoch> history) {
        return history.stream().filter(Epoch::best).reduce((a, b) -> b).orElse(null);
    }

    private static State readState(Path out) throws IOException {
        Path file = out.resolve(CHECKPOINTS).resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("Nothing to resume in " + out.toAbsolutePath() + ": no " + CHECKPOINTS + "/"
                    + STATE + " (a finished run leaves none)");
        }
        return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), State.class);
    }

    /** The configuration a resumable run in {@code out} was started with. */
    public static TrainingConfig resumableConfig(Path out) throws IOException {
        return readState(out).config();
    }

    private static void writeState(Path out, State s) throws IOException {
        AtomicFiles.writeString(out.resolve(CHECKPOINTS).resolve(STATE), GSON.toJson(s));
    }

    private static void writeLog(Path file, List<Epoch> history, ModelDescriptor d) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,seconds,loss,learning_rate,score,foreground_dice");
        for (String c : d.classes) {
            sb.append(",dice_").append(c);
        }
        for (String c : d.classes) {
            sb.append(",iou_").append(c);
        }
        sb.append(",best\n");
        for (Epoch e : history) {
            sb.append(String.format(java.util.Locale.ROOT, "%d,%.1f,%.5f,%.6f,%.4f,%.4f", e.epoch(), e.seconds(),
                    e.loss(), e.learningRate(), e.score(), e.foregroundDice()));
            for (double v : e.dice()) {
                sb.append(String.format(java.util.Locale.ROOT, ",%.4f", v));
            }
            for (double v : e.iou()) {
                sb.append(String.format(java.util.Locale.ROOT, ",%.4f", v));
            }
            sb.append(e.best() ? ",1\n" : ",0\n");
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
