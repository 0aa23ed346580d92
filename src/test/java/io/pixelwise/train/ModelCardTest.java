package io.pixelwise.train;

import io.pixelwise.eval.SegmentationScores;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardTest {

    @Test
    void rescoringReplacesOnlyTheValidationSection(@TempDir Path dir) throws Exception {
        Path card = dir.resolve("MODEL.md");
        Files.writeString(card, "# m\n\n## Training\n- x\n\n## Validation (old)\n| old | table |\n\n## Where it falls "
                + "short\nsmall data\n");
        SegmentationScores s = new SegmentationScores(List.of("background", "head"));
        s.add(ArrayImgs.unsignedBytes(new byte[] {0, 1}, 2, 1), ArrayImgs.unsignedBytes(new byte[] {0, 1}, 2, 1));
        ModelCard.replaceValidation(card, s, "m");
        String text = Files.readString(card);
        assertTrue(text.contains("## Training\n- x\n"), text);
        assertTrue(!text.contains("old"), text);
        assertTrue(text.contains("## Validation (1 held-out images, rescored on"), text);
        assertTrue(text.contains("| head | 1.000 |"), text);
        assertTrue(text.endsWith("## Where it falls short\nsmall data\n"), text);
    }

    @Test
    void theAugmentationLineNamesElasticDeformations() {
        TrainingConfig.Augmentation a = new TrainingConfig.Augmentation();
        a.flip_y = false;
        a.rotations = false;
        a.elastic = true;
        String line = ModelCard.augmentation(a);
        assertTrue(line.startsWith("flips in x only, no rotations, elastic deformations"), line);
        a.elastic = false;
        assertTrue(!ModelCard.augmentation(a).contains("elastic"), ModelCard.augmentation(a));
        assertTrue(!ModelCard.augmentation(a).contains("gamma"), ModelCard.augmentation(a));
        a.gamma = 1.5;
        assertTrue(ModelCard.augmentation(a).endsWith(", gamma 0.67-1.50 (image only)"), ModelCard.augmentation(a));
    }
}
