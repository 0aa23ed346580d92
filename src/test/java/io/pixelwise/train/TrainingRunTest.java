package io.pixelwise.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {

    @Test
    void earlyStoppingWaitsForTheSecondHalfOfTheSchedule() {
        assertTrue(!TrainingRun.shouldStop(20, 60, 5, 10), "epoch 20 of 60: the rate is still high");
        assertTrue(TrainingRun.shouldStop(30, 60, 5, 10));
        assertTrue(!TrainingRun.shouldStop(30, 60, 25, 10), "improved 5 epochs ago");
        assertTrue(!TrainingRun.shouldStop(60, 60, 45, 15), "the last epoch is the end, not an early stop");
        assertTrue(TrainingRun.learningRate(1e-3, 0, 100) == 1e-3);
        assertTrue(Math.abs(TrainingRun.learningRate(1e-3, 100, 100) - 2e-5) < 1e-12, "ends at 2 % of the peak");
    }

    @Test
    void anotherSeedWithTheSameSplitSeedHoldsOutTheSameImages(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        for (int i = 0; i < 40; i++) {
            Files.createFile(images.resolve("scan" + i + ".tif"));
            Files.createFile(labels.resolve("scan" + i + ".tif"));
        }
        TrainingConfig c = new TrainingConfig();
        c.images = images.toString();
        c.labels = labels.toString();
        c.seed = 42;
        List<TrainingData.Pair> heldOut = c.splitFiles().get(1);
        c.seed = 43;
        assertNotEquals(heldOut, c.splitFiles().get(1), "the seed draws the split too");
        c.split_seed = 42L;
        assertEquals(heldOut, c.splitFiles().get(1));
    }

    @Test
    void theModelRecordsTheFlipsAndTurnsItWasTrainedUnderForTestTimeAugmentation() {
        TrainingConfig c = new TrainingConfig();
        c.label_mode = "classes";
        c.classes = java.util.List.of("background", "anterior", "posterior");
        c.augment.flip_y = false;
        c.augment.rotations = false;
        assertArrayEquals(new int[] {0, 1}, c.descriptor(1).symmetryCodes(), "left-right only");
        c.augment.flip_y = true;
        c.augment.rotations = true;
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, c.descriptor(1).symmetryCodes());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new io.pixelwise.model.ModelDescriptor.Builder().build()
                .symmetryCodes(),
                "unknown (a model from elsewhere): all 8, as before");
    }

    @Test
    void aZoomOrGammaOutsideItsRangeIsRefusedByNameAndTheGammaOptionSetsIt() {
        TrainingConfig c = new TrainingConfig();
        c.name = "m";
        c.augment.zoom = 0.5;
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> c.check("t.json: "));
        assertTrue(e.getMessage().contains("'augment.zoom' must be from 1 (off) to 4"), e.getMessage());
        c.augment.zoom = 1.4;
        c.check("t.json: ");
        c.augment.gamma = 0.7;
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> c.check("t.json: "));
        assertTrue(e.getMessage().contains("'augment.gamma' must be from 1 (off) to 3.0, was 0.7"), e.getMessage());
        TrainOptions.config(c, TrainOptions.SPEC.values(java.util.Map.of("gamma", "1.5")),
                java.util.List.of("gamma"), null);
        assertEquals(1.5, c.augment.gamma);
        c.check("t.json: ");
    }

    /** Weight decay and the weight average's decay: both in [0, 1), refused by name, set by their options. */
    @Test
    void aDecayOutsideZeroToOneIsRefusedByNameAndTheOptionSetsIt() {
        record Case(String field, String option, java.util.function.ObjDoubleConsumer<TrainingConfig> set,
                    java.util.function.ToDoubleFunction<TrainingConfig> get, double wrong, String value) {
        }
        for (Case k : List.of(
                new Case("weight_decay", "decay", (c, v) -> c.weight_decay = v, c -> c.weight_decay, -0.1, "0.05"),
                new Case("weight_average", "average", (c, v) -> c.weight_average = v, c -> c.weight_average, 1,
                        "0.999"))) {
            TrainingConfig c = new TrainingConfig();
            c.name = "m";
            k.set().accept(c, k.wrong());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json: "));
            assertTrue(e.getMessage().contains("'" + k.field() + "' must be at least 0 and below 1, was "
                    + k.wrong()), e.getMessage());
            TrainOptions.config(c, TrainOptions.SPEC.values(java.util.Map.of(k.option(), k.value())),
                    List.of(k.option()), null);
            assertEquals(Double.parseDouble(k.value()), k.get().applyAsDouble(c), k.option());
            c.check("t.json: ");
        }
    }

    @Test
    void cleanUpSettingsTheModelWillCarryAreCheckedBeforeTrainingStarts() {
        TrainingConfig c = new TrainingConfig();
        c.name = "m";
        c.min_object_probability = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json"));
        assertEquals("t.json: 'min_object_probability' must be from 0 (off) to below 1, was 1.0", e.getMessage());
        c.min_object_probability = 0.8;
        c.outline_inset = -1;
        e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json"));
        assertEquals("t.json: 'outline_inset' must be from 0 to 100 pixels, was -1.0", e.getMessage());
        c.outline_inset = 1.29;
        c.check("t.json");
    }

    @Test
    void instanceNormIsAnOptionAndRefusedTogetherWithBatchNormBeforeTrainingStarts() {
        TrainingConfig c = new TrainingConfig();
        c.name = "m";
        TrainOptions.config(c, TrainOptions.SPEC.values(java.util.Map.of("instance", "true")),
                java.util.List.of("instance"), null);
        assertEquals(UNet.Norm.INSTANCE, c.net(1).norm());
        c.check("t.json");
        c.network = c.network.withBatchNorm(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json"));
        assertEquals("t.json: 'network': batch_norm and instance_norm cannot both be on (pick one)", e.getMessage());
    }

    @Test
    void theSlicesOptionMakesA3dNetworkWhoseDescriptorTakesWholeStacks() {
        io.pixelwise.options.OptionSpec.Values v = TrainOptions.SPEC.values(java.util.Map.of("slices", "16"));
        TrainingConfig c = new TrainingConfig();
        c.name = "m";
        c.patch = 32;
        TrainOptions.config(c, v, java.util.List.of("slices"), null);
        assertEquals(3, c.network.dimensions);
        assertEquals(16, c.patch_slices);
        io.pixelwise.model.ModelDescriptor d = c.descriptor(1);
        assertTrue(d.volumetric());
        assertEquals("bzyxc", d.input.axes);
        assertEquals(8, d.input.depth_step, "depths the network accepts: multiples of its size divisor");
        io.pixelwise.model.ModelDescriptors.checkMade(d, "test");

        c.patch_slices = 12;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json"));
        assertTrue(e.getMessage().contains("'patch_slices' must be a multiple of its size divisor 8, was 12"),
                e.getMessage());
        c.patch_slices = 16;
        c.context_slices = 1;
        e = assertThrows(IllegalArgumentException.class, () -> c.check("t.json"));
        assertTrue(e.getMessage().contains("'context_slices' must be 0"), e.getMessage());

        TrainingConfig flat = new TrainingConfig();
        flat.name = "m";
        TrainOptions.config(flat, TrainOptions.SPEC.values(java.util.Map.of("slices", "0")), java.util.List.of(
                "slices"), null);
        assertEquals(2, flat.network.dimensions);
        flat.patch_slices = 8;
        e = assertThrows(IllegalArgumentException.class, () -> flat.check("t.json"));
        assertTrue(e.getMessage().contains("'patch_slices' is for 3D networks"), e.getMessage());
    }
}
