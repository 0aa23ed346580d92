package io.pixelwise.ij;

import io.pixelwise.SyntheticCells;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole training runs on a tiny synthetic data set written as files, as a user would run them. */
class ModelTrainingTest {

    @TempDir
    static Path dir;
    static Path images;
    static Path labels;

    @BeforeAll
    static void writeData() throws IOException {
        SyntheticCells.Folders data = SyntheticCells.write(dir, 6);
        images = data.images();
        labels = data.labels();
    }

    private static TrainingConfig tiny(String name, int epochs) {
        TrainingConfig c = new TrainingConfig();
        c.name = name;
        c.images = images.toString();
        c.labels = labels.toString();
        c.label_mode = "instances";
        c.classes = List.of("background", "cell");
        c.network = c.network.withDepth(2).withBaseFilters(4);
        c.patch = 32;
        c.batch = 2;
        c.epochs = epochs;
        c.steps_per_epoch = 4;
        c.validation_fraction = 0.34;
        c.threads = 1;
        return c;
    }

    @Test
    void aCanceledRunResumesFromItsLastEpochAndFinishes() throws Exception {
        Path out = dir.resolve("resumed");
        boolean[] stop = {false};
        Progress cancelAfterEpochOne = new Progress() {
            public void status(String m) {
            }

            public void fraction(double f) {
            }

            public boolean isCanceled() {
                return stop[0];
            }
        };
        List<Integer> epochs = new ArrayList<>();
        assertThrows(CanceledException.class, () -> ModelTraining.fromFolders(tiny("resumed", 3), out, false,
                cancelAfterEpochOne, r -> {
                    epochs.add(r.epoch().epoch());
                    stop[0] = true;
                }));
        assertEquals(List.of(1), epochs);
        assertTrue(Files.exists(out.resolve(TrainingRun.CHECKPOINTS).resolve("state.json")));
        assertFalse(Files.exists(out.resolve("saved_model.pb")));

        IOException busy = assertThrows(IOException.class, () -> ModelTraining.fromFolders(tiny("resumed", 3), out,
                false, Progress.NONE, r -> { }));
        assertTrue(busy.getMessage().contains("not empty") && busy.getMessage().contains("resume"), busy.getMessage());

        TrainingRun.Outcome o = ModelTraining.fromFolders(null, out, true, Progress.NONE,
                r -> epochs.add(r.epoch().epoch()));
        assertEquals(List.of(1, 2, 3), epochs, "epoch 2 restarts from the checkpoint of epoch 1");
        assertEquals(3, o.history().size());
        assertTrue(Files.exists(out.resolve("saved_model.pb")));

        IOException nothing = assertThrows(IOException.class, () -> ModelTraining.fromFolders(null, out, true,
                Progress.NONE, r -> { }));
        assertTrue(nothing.getMessage().contains("Nothing to resume"), nothing.getMessage());
    }

    /** What the README promises: the same settings and seed give the same weights, bit for bit, on 2 threads. */
    @Test
    void twoRunsWithTheSameSeedTrainTheSameWeights() throws Exception {
        List<List<String>> logs = new ArrayList<>();
        List<byte[]> weights = new ArrayList<>();
        for (String name : List.of("twin-a", "twin-b")) {
            TrainingConfig c = tiny("twin", 2);
            c.threads = 2;
            c.augment.elastic = true;
            c.augment.zoom = 1.25;
            c.augment.gamma = 1.5;
            Path out = dir.resolve(name);
            ModelTraining.fromFolders(c, out, false, Progress.NONE, r -> { });
            logs.add(Files.readAllLines(out.resolve("training-log.csv")).stream()
                    .map(line -> line.replaceFirst("^([^,]*),[^,]*,", "$1,")).toList());   // all but the seconds
            weights.add(Files.readAllBytes(out.resolve("variables").resolve("variables.data-00000-of-00001")));
        }
        assertEquals(logs.get(0), logs.get(1));
        assertArrayEquals(weights.get(0), weights.get(1));
    }

    @Test
    void fineTuningContinuesFromATrainedModel() throws Exception {
        Path base = dir.resolve("base");
        ModelTraining.fromFolders(tiny("base", 1), base, false, Progress.NONE, r -> { });
        TrainingConfig c = tiny("tuned", 1);
        c.network = c.network.withDepth(3);              // ignored: the base model's network is adopted
        c.fine_tune_from = base.toString();
        TrainingRun.Outcome o = ModelTraining.fromFolders(c, dir.resolve("tuned"), false, Progress.NONE, r -> { });
        assertEquals(2, o.descriptor().network.depth);
        assertEquals(2, TrainingConfig.read(dir.resolve("tuned").resolve(TrainingConfig.FILE_NAME)).network.depth,
                "the kept training.json retrains what was trained");
        assertEquals(3, c.network.depth, "the caller's configuration is left as it was");
        assertTrue(Files.readString(dir.resolve("tuned/MODEL.md")).contains("Fine-tuned from"));
    }

    @Test
    void validationScoresEitherSideOfTheSplitAndNeverBoth() throws Exception {
        TrainingConfig c = tiny("sides", 1);
        ModelTraining.fromFolders(c, dir.resolve("sides"), false, Progress.NONE, r -> { });
        List<List<io.pixelwise.train.TrainingData.Pair>> split = c.splitFiles();
        try (var m = io.pixelwise.model.SegmentationModel.load(dir.resolve("sides"))) {
            var settings = io.pixelwise.pipeline.Pipeline.Settings.defaults();
            var held = ModelTraining.validate(c, m, settings, false, Progress.NONE);
            var seen = ModelTraining.validate(c, m, settings, true, Progress.NONE);
            assertEquals(split.get(1).size(), held.items());
            assertEquals(split.get(0).size(), seen.items());
            assertEquals(6, held.items() + seen.items(), "each of the 6 images scored on exactly one side");
        }
    }

    /**
     * channels=2 trains on the second channel of two-colour images: the training items are the single-channel
     * images' own, the model takes one channel, its card says which, and Segment Image runs it with channels=2.
     */
    @Test
    void aChosenChannelOfTwoColourImagesIsWhatTrainingSees() throws Exception {
        Path twoColour = java.nio.file.Files.createDirectories(dir.resolve("two-colour"));
        List<String> names;
        try (var files = java.nio.file.Files.list(images)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        for (String name : names) {
            ij.ImagePlus one = ij.IJ.openImage(images.resolve(name).toString());
            ij.ImagePlus two = ij.IJ.createHyperStack(name, one.getWidth(), one.getHeight(), 2, 1, 1,
                    one.getBitDepth());
            two.getStack().getProcessor(1).noise(50);
            two.getStack().setPixels(one.getProcessor().getPixels(), 2);
            new ij.io.FileSaver(two).saveAsTiff(twoColour.resolve(name).toString());
            String label = labels.resolve(name.replace(".tif", "_labels.tif")).toString();
            var chosen = TrainingFiles.labelled(name, two, ij.IJ.openImage(label), tiny("x", 1).targets(),
                    List.of(2));
            var alone = TrainingFiles.labelled(name, one, ij.IJ.openImage(label), tiny("x", 1).targets(), List.of());
            assertEquals(1, chosen.channels());
            for (int p = 0; p < alone.planes().length; p++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone.planes()[p], chosen.planes()[p], name);
            }
        }
        TrainingConfig c = tiny("second-channel", 1);
        c.images = twoColour.toString();
        c.channels = List.of(2);
        TrainingRun.Outcome o = ModelTraining.fromFolders(c, dir.resolve("second-channel"), false, Progress.NONE,
                r -> { });
        assertEquals(1, o.descriptor().imageChannels());
        String card = java.nio.file.Files.readString(dir.resolve("second-channel/MODEL.md"));
        org.junit.jupiter.api.Assertions.assertTrue(card.contains("give Segment Image the same, channels=2"), card);
        try (var m = io.pixelwise.model.SegmentationModel.load(dir.resolve("second-channel"))) {
            var settings = io.pixelwise.pipeline.SegmentOptions.settings(io.pixelwise.pipeline.SegmentOptions.SPEC
                    .values(java.util.Map.of("channels", "2", "tile", "64")));
            var out = ImageSegmentation.run(ij.IJ.openImage(twoColour.resolve(names.get(0)).toString()), m,
                    settings, Progress.NONE);
            assertEquals(1, out.classes().getNChannels());
        }
    }

    @Test
    void aModelSeeingNeighbouringPlanesWithStackStatisticsTrainsAndSegments() throws Exception {
        TrainingConfig c = tiny("context", 1);
        c.context_slices = 1;
        c.normalization = c.normalization.withScope("stack");
        c.one_object_per_class = true;
        TrainingRun.Outcome o = ModelTraining.fromFolders(c, dir.resolve("context"), false, Progress.NONE, r -> { });
        assertEquals(3, o.descriptor().input.channels, "one image channel seen on three planes");
        assertEquals(1, o.descriptor().imageChannels());
        try (var m = io.pixelwise.model.SegmentationModel.load(dir.resolve("context"))) {
            var out = ImageSegmentation.run(ij.IJ.openImage(images.resolve("cells0.tif").toString()), m,
                    io.pixelwise.pipeline.Pipeline.Settings.defaults().withTile(64), Progress.NONE);
            assertEquals(64, out.classes().getWidth());
        }
    }
}
