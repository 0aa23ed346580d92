package io.pixelwise.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.pixelwise.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path image;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.tiny(dir.resolve("model"), 1);
        ImagePlus imp = IJ.createImage("in", "8-bit ramp", 80, 64, 1);
        imp.getProcessor().noise(30);
        image = dir.resolve("in.tif");
        new FileSaver(imp).saveAsTiff(image.toString());
    }

    @Test
    void writesLabelTiffsRoiZipAndCountsCsvWithoutTouchingTheInput() throws Exception {
        byte[] before = Files.readAllBytes(image);
        Path out = dir.resolve("out");
        List<Path> written = Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out",
                out.toString(), "--tile", "32", "--probabilities"});
        assertEquals(List.of("in-classes.tif", "in-instances.tif", "in-probabilities.tif", "in-rois.zip",
                "in-counts.csv"), written.stream().map(p -> p.getFileName().toString()).toList());
        ImagePlus instances = IJ.openImage(out.resolve("in-instances.tif").toString());
        assertEquals(16, instances.getBitDepth());
        assertEquals(80, instances.getWidth());
        List<String> csv = Files.readAllLines(out.resolve("in-counts.csv"));
        assertEquals("image,class,count", csv.get(0));
        int count = Integer.parseInt(csv.get(1).split(",")[2]);
        assertTrue(csv.get(1).startsWith("in.tif,nucleus,"), csv.get(1));
        try (ZipFile z = new ZipFile(out.resolve("in-rois.zip").toFile())) {
            assertEquals(count, z.size(), "one ROI per object in a 2D image");
        }
        assertEquals((int) instances.getStatistics().max, count, "labels are 1..count");
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void instanceOptionsAndThePanopticImage() throws Exception {
        Path out = dir.resolve("panoptic");
        List<Path> written = Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out",
                out.toString(), "--panoptic", "--corners", "--split", "0"});
        assertEquals(5, written.size());
        ImagePlus panoptic = IJ.openImage(out.resolve("in-panoptic.tif").toString());
        ImagePlus instances = IJ.openImage(out.resolve("in-instances.tif").toString());
        assertEquals(2, panoptic.getNChannels(), "channel 1 class, channel 2 instance id");
        for (int i = 0; i < instances.getProcessor().getPixelCount(); i++) {
            assertEquals(instances.getProcessor().get(i), panoptic.getStack().getProcessor(2).get(i));
        }
        Path big = dir.resolve("big");
        Segment.run(new String[] {image.toString(), "--model", model.toString(), "--out", big.toString(),
                "--min-size", "1000000"});
        assertTrue(Files.readString(big.resolve("in-counts.csv")).contains(",0"), "every object below the minimum");
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("input image not found", "missing.tif");
        assertMessage("--tile expects a whole number, got 'big'", image.toString(), "--tile", "big");
        assertMessage("unexpected argument '--colour'", image.toString(), "--colour");
        assertMessage("no input image given");
        assertMessage("--model needs a value", image.toString(), "--model");
    }

    @Test
    void unreadableImageIsReported() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not an image");
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> Segment.run(new String[] {text.toString(), "--model", model.toString()}));
        assertTrue(e.getMessage().contains("ImageJ cannot open"), e.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.run(args));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
