package io.pixelwise.command;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MacroDialogTest {

    private static final Set<String> SEGMENT = Set.of("model", "tile", "class", "instance", "rois", "split");

    @Test
    void knownKeysWithValuesBracketsAndBareCheckboxesPass() {
        assertEquals(List.of(), MacroDialog.unknownKeys(
                "model=[/data/my models/nuclei] tile=512 class instance rois=[ROI Manager] split=1.5 ", SEGMENT));
        assertEquals(List.of(), MacroDialog.unknownKeys("", SEGMENT));
    }

    @Test
    void misspeltKeysAreNamedInOrder() {
        assertEquals(List.of("tilesize", "instances"), MacroDialog.unknownKeys(
                "model=nuclei-fluo tilesize=512 class instances rois=None", SEGMENT));
    }

    @Test
    void wordsInsideBracketedValuesAreNotKeys() {
        assertEquals(List.of(), MacroDialog.unknownKeys("model=[a b=c d] rois=[x y]", SEGMENT));
        assertEquals(List.of(), MacroDialog.unknownKeys("model=[unclosed bracket runs to the end", SEGMENT));
    }
}
