package io.pixelwise.command;

import ij.Macro;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.train.TrainOptions;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dialogs' macro keys are the specs' keys, and values are checked the same way whichever front end gave them. */
class OptionSpecsTest {

    static final List<OptionSpec> SPECS = List.of(SegmentOptions.SPEC, TrainOptions.SPEC,
            io.pixelwise.eval.EvaluateOptions.SPEC, MeasureRegionsPlugin.SPEC, FilterRegionsPlugin.SPEC, CutOutPlugin.SPEC, BlurBackgroundPlugin.SPEC,
            LabelsToRoisPlugin.SPEC, ZooPlugin.EXPORT, ZooPlugin.TEST, ZooPlugin.RUN);

    /** ImageJ names a field's macro key after its label: the label must start with the key. */
    @Test
    void everyDialogLabelGivesItsKeyAsTheMacroKey() {
        for (OptionSpec spec : SPECS) {
            Set<String> keys = new HashSet<>();
            for (Option o : spec.offeredBy(Option.Front.DIALOG)) {
                assertEquals(o.key(), Macro.trimKey(o.label()), spec.command() + ": label '" + o.label() + "'");
                assertTrue(keys.add(o.key()));
                if (o.kind() == Option.Kind.MODEL) {
                    assertTrue(keys.add(Macro.trimKey(SpecDialog.folderLabel(o))), "its folder field has a key of "
                            + "its own: " + SpecDialog.folderLabel(o));
                }
            }
            assertTrue(keys.add(Macro.trimKey(SpecDialog.ADVANCED)), spec.command());
        }
    }

    /** The keys users' recorded Segment Image macros use (release 0.1) still mean what they meant. */
    @Test
    void segmentImageKeysOfRecordedMacrosAreStillTheKeys() {
        Set<String> recorded = Set.of("model", "tile", "class", "instance", "probabilities", "rois", "3d", "objects",
                "minimum", "split", "panoptic", "folder", "threads", "parallel");
        Set<String> now = new HashSet<>();
        SegmentOptions.SPEC.offeredBy(Option.Front.DIALOG).forEach(o -> now.add(o.key()));
        assertTrue(now.containsAll(recorded), "every recorded key is still a key (new ones may join): " + now);
    }

    /** The keys of Train Model macros recorded before this release are still accepted (as aliases). */
    @Test
    void trainModelKeysOfRecordedMacrosAreKeysOrAliases() {
        for (String key : List.of("training", "images", "labels", "label", "mode", "classes", "name", "output",
                "epochs", "steps", "patch", "batch", "learning", "depth", "filters", "bn", "dropout", "input",
                "context", "normalise", "dice", "weights", "validation", "seed", "patience", "minimum", "fine-tune",
                "x", "y", "rotations", "intensity", "threads", "resume")) {
            Option o = TrainOptions.SPEC.find(key);
            assertTrue(o != null && o.offeredBy(Option.Front.DIALOG), key);
        }
    }

    @Test
    void olderKeysAreRenamedBeforeImageJReadsThem() {
        assertEquals("minimum=12 tile=512 class model=[a b] ",
                MacroDialog.renameKeys("min-size=12 tile=512 class model=[a b]", Map.of("min-size", "minimum")));
    }

    /** NaN, infinities and out-of-range numbers are refused for every numeric option, naming it. */
    @Test
    void nonFiniteAndOutOfRangeNumbersAreRefusedByTheSpec() {
        for (OptionSpec spec : SPECS) {
            for (Option o : spec.options()) {
                if (o.kind() == Option.Kind.INTEGER || o.kind() == Option.Kind.NUMBER) {
                    for (String bad : new String[] {"NaN", "Infinity", "-1e999", "abc"}) {
                        var e = assertThrows(IllegalArgumentException.class, () -> spec.values(Map.of(o.key(), bad)),
                                spec.command() + " " + o.key() + "=" + bad);
                        assertTrue(e.getMessage().contains("(" + o.key() + ")"), e.getMessage());
                    }
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> SegmentOptions.SPEC.values(Map.of("tile", "-8")));
        assertEquals("'Tile size (pixels, 0 = from free memory)' (tile) must be a whole number from 0 to 32768, "
                + "was '-8'", e.getMessage());
    }

    @Test
    void unknownKeysAreNamedWithTheKeysThereAre() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SegmentOptions.SPEC.values(Map.of("tilesize", "512")));
        assertTrue(e.getMessage().startsWith("Segment Image: unknown option 'tilesize'; the options are model, "),
                e.getMessage());
    }
}
