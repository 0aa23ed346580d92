package io.pixelwise.train;

import io.pixelwise.train.TrainingData.Targets;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {

    @TempDir
    Path dir;

    private Path folder(String name, String... files) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (String f : files) {
            Files.writeString(d.resolve(f), "x");
        }
        return d;
    }

    @Test
    void labelFilesMatchByNameOrWithAMaskSuffix() throws IOException {
        Path images = folder("images", "a.png", "b.tif", "c.nii.gz", "README.txt", ".DS_Store");
        Path labels = folder("labels", "a.png", "b_mask.tif", "c_seg.nii.gz", "unrelated.png");
        List<TrainingData.Pair> pairs = TrainingData.pairs(images, labels);
        assertEquals(List.of("a.png", "b.tif", "c.nii.gz"), pairs.stream().map(TrainingData.Pair::id).toList());
        assertEquals(labels.resolve("b_mask.tif"), pairs.get(1).labels());
        assertEquals(labels.resolve("c_seg.nii.gz"), pairs.get(2).labels());
    }

    @Test
    void missingEmptyUnmatchedAndAmbiguousFoldersAreNamed() throws IOException {
        Path labels = folder("labels", "a.png", "b.png", "b_mask.png");
        assertMessage(() -> TrainingData.pairs(dir.resolve("nope"), labels), "Training folder not found");
        assertMessage(() -> TrainingData.pairs(folder("empty", "notes.txt"), labels), "No images in");
        assertMessage(() -> TrainingData.pairs(folder("i1", "z.png"), labels), "z.png has no label image");
        assertMessage(() -> TrainingData.pairs(folder("i2", "b.png"), labels), "more than one label image");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String expected) {
        Exception x = assertThrows(Exception.class, e);
        assertTrue(x.getMessage().contains(expected), "expected '" + expected + "' in: " + x.getMessage());
    }

    /** A 2D image as [x, y, channel, z, t]. */
    private static RandomAccessibleInterval<? extends RealType<?>> five(RandomAccessibleInterval<? extends RealType<?>> img) {
        RandomAccessibleInterval<? extends RealType<?>> v = img;
        while (v.numDimensions() < 5) {
            v = Views.addDimension(v, 0, 0);
        }
        return v;
    }

    @Test
    void labelModesBecomeClasses() {
        var image = five(ArrayImgs.floats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        var masks = five(ArrayImgs.unsignedBytes(new byte[] {0, (byte) 255, 0, (byte) 255, (byte) 255, 0}, 3, 2));
        LabelledImage binary = TrainingData.labelled("m", image, masks, new Targets(LabelMode.BINARY, 2, 0));
        assertArrayEquals(new byte[] {0, 1, 0, 1, 1, 0}, binary.classes()[0]);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, binary.planes()[0]);

        var classes = five(ArrayImgs.unsignedShorts(new short[] {0, 1, 2, 2, 1, 0}, 3, 2));
        assertArrayEquals(new byte[] {0, 1, 2, 2, 1, 0},
                TrainingData.labelled("c", image, classes, new Targets(LabelMode.CLASSES, 3, 0)).classes()[0]);

        // Two touching 2x2 objects at the bottom of a 4x3 image: pixels touching background or the other object are
        // boundary; the image border is not (objects continue beyond it), so the two bottom corners are interior.
        var ids = five(ArrayImgs.ints(new int[] {0, 0, 0, 0, 7, 7, 9, 9, 7, 7, 9, 9}, 4, 3));
        var img4 = five(ArrayImgs.floats(4, 3));
        LabelledImage inst = TrainingData.labelled("i", img4, ids, new Targets(LabelMode.INSTANCES, 3, 0));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 2, 2, 2, 1, 2, 2, 1}, inst.classes()[0]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 7, 7, 9, 9, 7, 7, 9, 9}, inst.instances()[0]);
        // with distance levels, the same objects become levels of distance to their edge (the image border is none)
        LabelledImage levels = TrainingData.labelled("i", img4, ids, new Targets(LabelMode.INSTANCES, 2, 3));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 1, 1, 2}, levels.classes()[0]);
    }

    @Test
    void stacksBecomeOneSlicePerPlaneWithChannelsTogether() {
        // [x=2, y=1, c=2, z=3, t=1]: value = 100 * z + 10 * c + x
        float[] v = new float[2 * 2 * 3];
        byte[] l = new byte[2 * 3];
        for (int z = 0; z < 3; z++) {
            for (int c = 0; c < 2; c++) {
                for (int x = 0; x < 2; x++) {
                    v[(z * 2 + c) * 2 + x] = 100 * z + 10 * c + x;
                }
            }
            l[z * 2] = (byte) z;
        }
        var image = Views.addDimension(ArrayImgs.floats(v, 2, 1, 2, 3), 0, 0);
        var labels = Views.addDimension(Views.permute(Views.addDimension(ArrayImgs.unsignedBytes(l, 2, 1, 3), 0, 0),
                2, 3), 0, 0);
        LabelledImage item = TrainingData.labelled("stack", image, labels, new Targets(LabelMode.CLASSES, 3, 0));
        assertEquals(3, item.slices());
        assertEquals(2, item.channels());
        assertArrayEquals(new float[] {210, 211}, item.planes()[2 * 2 + 1], "slice 2, channel 1");
        assertArrayEquals(new byte[] {2, 0}, item.classes()[2]);
    }

    @Test
    void badLabelImagesAreRejectedWithTheFileAndThePixel() {
        var image = five(ArrayImgs.floats(4, 3));
        assertMessage(() -> TrainingData.labelled("a.png", image, five(ArrayImgs.unsignedBytes(4, 4)),
                new Targets(LabelMode.CLASSES, 3, 0)), "Label image of a.png is 4x4 but the image is 4x3");
        byte[] tooHigh = new byte[12];
        tooHigh[6] = 5;
        assertMessage(() -> TrainingData.labelled("b.png", image, five(ArrayImgs.unsignedBytes(tooHigh, 4, 3)),
                new Targets(LabelMode.CLASSES, 3, 0)),
                "has value 5 at x=2, y=1, but the model has 3 classes (values 0 to 2)");
        float[] fraction = new float[12];
        fraction[1] = 0.5f;
        assertMessage(() -> TrainingData.labelled("c.tif", image, five(ArrayImgs.floats(fraction, 4, 3)),
                new Targets(LabelMode.CLASSES, 3, 0)), "has value 0.5 at x=1, y=0; labels must be whole numbers");
        var twoChannels = Views.addDimension(Views.addDimension(ArrayImgs.unsignedBytes(4, 3, 2), 0, 0), 0, 0);
        assertMessage(() -> TrainingData.labelled("d.tif", image, twoChannels, new Targets(LabelMode.CLASSES, 3, 0)),
                "has 2 channels; expected a single-channel label image");
    }

    @Test
    void splitIsByItemFixedBySeedAndIndependentOfWhatTheItemsAre() {
        List<Integer> items = IntStream.range(0, 40).boxed().toList();
        List<String> names = items.stream().map(i -> "img" + i).toList();
        List<List<Integer>> a = TrainingData.split(items, 0.15, 7);
        List<List<String>> b = TrainingData.split(names, 0.15, 7);
        assertEquals(6, a.get(1).size());
        assertEquals(34, a.get(0).size());
        assertEquals(a.get(1).stream().map(i -> "img" + i).toList(), b.get(1), "same positions for any item type");
        assertEquals(a, TrainingData.split(items, 0.15, 7));
        assertTrue(a.get(0).stream().noneMatch(a.get(1)::contains));
        assertEquals(1, TrainingData.split(List.of(1, 2), 0.15, 7).get(1).size(), "at least one to validate on");
        assertMessage(() -> TrainingData.split(List.of(1), 0.15, 7), "at least two images");
    }

    @Test
    void withoutGroupsTheSplitIsTheOneShippedModelsWereValidatedOn() {
        List<Integer> items = IntStream.range(0, 400).boxed().toList();
        List<Integer> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(42));
        List<List<Integer>> split = TrainingData.split(items, 0.15, 42);
        assertEquals(shuffled.subList(0, 60), split.get(1), "the recipe the shipped models' cards state");
        assertEquals(shuffled.subList(60, 400), split.get(0));
    }

    @Test
    void groupsNeverSitOnBothSides() {
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        for (long seed = 0; seed < 20; seed++) {
            List<List<Integer>> split = TrainingData.split(items, i -> "g" + i / 7, 0.2, seed);
            Set<Integer> valGroups = split.get(1).stream().map(i -> i / 7).collect(Collectors.toSet());
            assertTrue(split.get(0).stream().noneMatch(i -> valGroups.contains(i / 7)), "seed " + seed);
            assertEquals(200, split.get(0).size() + split.get(1).size());
            assertTrue(split.get(1).size() >= 40 && split.get(1).size() < 47, "about the fraction, whole groups");
        }
        assertMessage(() -> TrainingData.split(items, i -> "one", 0.2, 1), "all 200 images are in one group");
        List<List<Integer>> ungroupedTail = TrainingData.split(items, i -> i < 100 ? "a" : null, 0.2, 3);
        assertTrue(ungroupedTail.get(0).containsAll(IntStream.range(0, 100).boxed().toList())
                || ungroupedTail.get(1).containsAll(IntStream.range(0, 100).boxed().toList()));
    }

    @Test
    void busiGroupSplitKeepsNearDuplicatesTogether() throws IOException {
        Path index = Path.of("../shared/data/busi_breast_us/index.csv");
        Assumptions.assumeTrue(Files.isRegularFile(index), "BUSI not in ../shared/data: skipped");
        Map<String, String> groups = TrainingData.groups(index, "image", "group");
        List<String> ids = groups.keySet().stream().sorted().toList();
        List<List<String>> split = TrainingData.split(ids, groups::get, 0.2, 42);
        Set<String> valGroups = split.get(1).stream().map(groups::get).collect(Collectors.toSet());
        assertTrue(split.get(0).stream().map(groups::get).noneMatch(valGroups::contains));
        assertEquals(Math.round(0.2 * ids.size()), split.get(1).size(), 3);
    }

    @Test
    void groupTableErrorsNameTheFileAndColumn() throws IOException {
        Path csv = dir.resolve("groups.csv");
        Files.writeString(csv, "image,grp\na.png,1\n");
        assertMessage(() -> TrainingData.groups(csv, "image", "group"), "has no column 'group'");
        Files.writeString(csv, "image,group\na.png,1\nb.png\n");
        assertMessage(() -> TrainingData.groups(csv, "image", "group"), "line 3");
        Files.writeString(csv, "image,group\n\"benign (1).png\",1\n\"a, b.png\",2\n");
        assertEquals(Map.of("benign (1).png", "1", "a, b.png", "2"), TrainingData.groups(csv, "image", "group"));
    }
}
