package io.pixelwise.cli;

import io.pixelwise.SyntheticCells;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainTest {

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

    @Test
    void commandLineTrainingWritesACompleteModelThatSegmentImageUses() throws Exception {
        Path out = dir.resolve("cli-model");
        TrainingRun.Outcome o = Train.run(new String[] {"--out", out.toString(), "--images",
                images.toString(), "--labels", labels.toString(), "--name", "cells", "--label-mode", "instances",
                "--classes", "background,cell,boundary", "--levels", "0", "--epochs", "2", "--steps", "3",
                "--patch", "32", "--batch", "2", "--depth", "2", "--filters", "4", "--batch-norm", "--validation",
                "0.34", "--threads", "1"});
        assertEquals(4, o.trainItems());
        assertEquals(2, o.validationIds().size(), "a third of six images, split by image");
        for (String f : List.of("saved_model.pb", "rdf.yaml", "MODEL.md", "training.json", "training-log.csv")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve(TrainingRun.CHECKPOINTS)), "a finished run removes its checkpoints");
        String graph = new String(Files.readAllBytes(out.resolve("saved_model.pb")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(graph.contains("down0.conv0.kernel"), "the weights are in the export");
        assertFalse(graph.contains("adam_m") || graph.contains("adam_v") || graph.contains("train_image"),
                "an inference-only graph: no optimiser state, no training tower");
        ModelDescriptor d = io.pixelwise.model.Models.descriptor(out);
        assertEquals(List.of("cell"), d.object_classes);
        assertEquals("boundary", d.boundary_class);
        assertTrue(d.network.batch_norm);
        List<String> log = Files.readAllLines(out.resolve("training-log.csv"));
        assertEquals(3, log.size(), "header and two epochs");
        assertTrue(log.get(0).contains("dice_cell") && log.get(0).contains("iou_boundary"), log.get(0));
        String card = Files.readString(out.resolve("MODEL.md"));
        assertTrue(card.contains("## Validation (2 held-out images") && card.contains("AP@0.5"), card);
        assertTrue(card.contains("--config models/cells/training.json --out NEW_FOLDER"), card);
        assertEquals(2, TrainingConfig.read(out.resolve("training.json")).epochs);

        List<Path> written = Segment.run(new String[] {images.resolve("cells0.tif").toString(),
                "--model", out.toString(), "--out", dir.resolve("seg").toString()});
        assertEquals(4, written.size());
        validatesByKind(out);
    }

    /** Validate scores the held-out images apart by a column of the split table, as BUSI's card reports them. */
    private static void validatesByKind(Path model) throws Exception {
        Path kinds = dir.resolve("kinds.csv");
        Files.writeString(kinds, "image,group,kind\n" + "cells0.tif,0,even\ncells1.tif,1,odd\ncells2.tif,2,even\n"
                + "cells3.tif,3,odd\ncells4.tif,4,even\n");                  // cells5.tif is not listed
        TrainingConfig c = TrainingConfig.read(model.resolve("training.json"));
        c.split_groups = new TrainingConfig.SplitGroups();
        c.split_groups.csv = kinds.toString();
        Path config = dir.resolve("by-kind.json");
        c.write(config);
        Map<String, Integer> expected = new TreeMap<>();
        for (var p : c.splitFiles().get(1)) {
            expected.merge(switch (p.id()) {
                case "cells0.tif", "cells2.tif", "cells4.tif" -> "even";
                case "cells5.tif" -> Validate.NOT_LISTED;
                default -> "odd";
            }, 1, Integer::sum);
        }
        var text = new ByteArrayOutputStream();
        Validate.run(new String[] {model.toString(), "--config", config.toString(), "--by", "kind"},
                new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        int listed = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertTrue(printed.contains("kind = " + e.getKey() + ": " + e.getValue() + " item(s)"), printed);
            listed += e.getValue();
        }
        assertEquals(c.splitFiles().get(1).size(), listed);
        assertEquals(expected.size() + 1, printed.split("mean Dice of the classes but background", -1).length - 1,
                "one table for all, one per kind: " + printed);
        IOException bad = assertThrows(IOException.class, () -> Validate.run(new String[] {model.toString(),
                "--config", config.toString(), "--by", "organ"}, System.out));
        assertTrue(bad.getMessage().contains("has no column 'organ'"), bad.getMessage());
    }

    @Test
    void badSettingsAreNamedBeforeAnyWork() {
        assertMessage("no output folder given", "--epochs", "2");
        assertMessage("--epochs must be a whole number from 1 to 100000, was 'many'", "--out", "x", "--epochs", "many");
        assertMessage("--learning must be a finite number from 1.0E-9 to 0.999, was 'NaN'", "--out", "x", "--lr",
                "NaN");
        assertMessage("Unknown options: '--colour', 'red'", "--out", "x", "--colour", "red");
        assertMessage("names no 'images' and 'labels' folders", "--out", dir.resolve("n").toString());
        assertMessage("--mode must be one of instances, binary, classes, was 'stripes'", "--out", "x", "--name", "m",
                "--label-mode", "stripes");
        assertMessage("'patch' must be a multiple of the network's size divisor 8", "--out", "x", "--name", "m",
                "--label-mode", "binary", "--patch", "60");
        assertMessage("--resume continues with the settings the run started with", "--resume", "x", "--epochs", "3");
        assertMessage("'distance_levels' must be 0 (interior and boundary classes) or 2 to 127, was 1", "--out", "x",
                "--name", "m", "--levels", "1");
        assertMessage("'seed_level' must be from 1 to 'distance_levels' (4), was 5", "--out", "x", "--name", "m",
                "--levels", "4", "--cores", "5");
        assertMessage("'class_weights' has 3 values for 5 network classes (background and 4 distance levels)",
                "--out", "x", "--name", "m", "--levels", "4", "--weights", "1,1,3");
        assertMessage("a boundary class needs 'distance_levels' 0, Train's levels=0", "--out", "x", "--name", "m",
                "--classes", "background,cell,boundary");
    }

    @Test
    void labelValuesBeyondTheClassesStopTrainingWithTheFileAndPixel() {
        // The synthetic labels hold object ids 1..4; read as class indices they exceed a 3-class model.
        IOException e = assertThrows(IOException.class, () -> Train.run(new String[] {"--out",
                dir.resolve("bad").toString(), "--images", images.toString(), "--labels", labels.toString(),
                "--name", "bad", "--label-mode", "classes", "--classes", "a,b,c"}));
        assertTrue(e.getMessage().contains("cells0_labels.tif") && e.getMessage().contains("but the model has 3 classes (values 0 to 2)"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad").resolve("saved_model.pb")));
    }

    /** Flags of scripts written for earlier releases set the same configuration as the keys that replace them. */
    @Test
    void olderFlagsSetWhatTheirKeysSet() {
        String[] old = {"--out", "o", "--label-mode", "binary", "--lr", "0.002", "--batch-norm", "--input-scale", "2",
                "--scope", "stack", "--class-weights", "1,3", "--no-flip-x", "--no-flip-y", "--no-rotations"};
        String[] now = {"--output", "o", "--mode", "binary", "--learning", "0.002", "--bn", "--downscale", "2",
                "--normalise", "stack", "--weights", "1,3", "--no-x-flips", "--no-y-flips", "--no-rotations"};
        var a = Flags.parse("Train", "", Train.SPEC, null, old);
        var b = Flags.parse("Train", "", Train.SPEC, null, now);
        assertEquals(b.values().asMap(), a.values().asMap());
        var c = io.pixelwise.train.TrainOptions.config(null, a.values(), a.given(), Path.of("o"));
        assertEquals(0.002, c.learning_rate);
        assertTrue(c.network.batch_norm && !c.augment.flip_x && !c.augment.flip_y && !c.augment.rotations
                && c.augment.intensity);
        assertEquals(2, c.network.input_scale);
        assertEquals(List.of(1.0, 3.0), c.class_weights);
        assertEquals("stack", c.normalization.scope);
        assertEquals("o", c.name, "named after its output folder");
        var help = assertThrows(Flags.HelpRequested.class, () -> Train.run(new String[] {"-h"}));
        assertTrue(help.getMessage().contains("--[no-]x-flips") && help.getMessage().contains("[default: 50]"),
                help.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Train.run(args));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
