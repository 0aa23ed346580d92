package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import io.pixelwise.TestModels;
import io.pixelwise.pipeline.SegmentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentImageCommandTest {

    @TempDir
    static Path dir;
    static Path model;
    static Context context;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.tiny(dir.resolve("tiny"), 1);
        context = new Context(CommandService.class, StatusService.class, LogService.class);
    }

    @AfterAll
    static void tearDown() {
        context.dispose();
    }

    private static ImagePlus blobs(int slices) {
        ImagePlus imp = IJ.createImage("blobs.tif", "16-bit ramp", 96, 80, slices);
        for (int s = 1; s <= slices; s++) {
            var ip = imp.getStack().getProcessor(s);
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < 96; x++) {
                    ip.set(x, y, (int) (1000 + 800 * Math.sin(x / 6.0 + s) * Math.cos(y / 5.0)));
                }
            }
        }
        return imp;
    }

    @Test
    void isDiscoveredAsASciJavaCommandWithoutAMenuPath() {
        CommandInfo info = context.service(CommandService.class).getCommand(SegmentImageCommand.class);
        assertNotNull(info, "SegmentImageCommand is not in the plugin index");
        assertEquals("Segment Image", info.getLabel());
        assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(),
                "the menu entry comes from plugins.config only: " + info.getMenuPath());
    }

    @Test
    void runsHeadlessThroughCommandServiceAndLeavesTheInputAlone() throws Exception {
        ImagePlus imp = blobs(3);
        short[] before = ((short[]) imp.getStack().getPixels(2)).clone();
        Module m = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                "image", imp, "model", model.toString(), "tile", 32, "probabilities", true,
                "rois", SegmentOptions.ROIS_OVERLAY).get();
        ImagePlus classes = (ImagePlus) m.getOutput("classes");
        ImagePlus instances = (ImagePlus) m.getOutput("instances");
        ImagePlus probs = (ImagePlus) m.getOutput("probabilities");
        assertEquals(3, classes.getStackSize());
        assertEquals(96, instances.getWidth());
        assertEquals(3, probs.getNChannels());
        assertEquals("CPU", m.getOutput("device"));
        int objects = (Integer) m.getOutput("objectCount");
        assertEquals(objects, imp.getOverlay() == null ? 0 : imp.getOverlay().size(),
                "one ROI per 2D object on the overlay");
        assertArrayEquals(before, (short[]) imp.getStack().getPixels(2), "input pixels were changed");
        assertEquals(0, Arrays.stream(imp.getOverlay() == null ? new ij.gui.Roi[0] : imp.getOverlay().toArray())
                .filter(r -> r.getPosition() < 1 || r.getPosition() > 3).count());
    }

    @Test
    void aVirtualStackSegmentsPlaneByPlaneIntoAFolderAsInMemory() throws Exception {
        Path tif = dir.resolve("blobs.tif");
        new ij.io.FileSaver(blobs(3)).saveAsTiffStack(tif.toString());
        byte[] before = java.nio.file.Files.readAllBytes(tif);
        ImagePlus virtual = IJ.openVirtual(tif.toString());
        assertTrue(virtual.getStack().isVirtual());
        Module memory = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                "image", IJ.openImage(tif.toString()), "model", model.toString(), "tile", 32,
                "rois", SegmentOptions.ROIS_NONE).get();
        Path folder = dir.resolve("results");
        Module streamed = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                "image", virtual, "model", model.toString(), "tile", 32, "folder", folder.toString()).get();
        assertEquals(memory.getOutput("objectCount"), streamed.getOutput("objectCount"));
        for (String kind : new String[] {"classes", "instances"}) {
            ImagePlus a = (ImagePlus) memory.getOutput(kind);
            ImagePlus b = (ImagePlus) streamed.getOutput(kind);
            assertTrue(b.getStack().isVirtual(), kind + " read back from the folder, not held in memory");
            for (int z = 1; z <= 3; z++) {
                for (int i = 0; i < 96 * 80; i++) {
                    assertEquals(a.getStack().getProcessor(z).getf(i), b.getStack().getProcessor(z).getf(i),
                            kind + " plane " + z + " pixel " + i);
                }
            }
        }
        assertTrue(java.nio.file.Files.isRegularFile(folder.resolve("rois/blobs.zip")));
        assertArrayEquals(before, java.nio.file.Files.readAllBytes(tif), "the input file was changed");
    }

    @Test
    void optionalOutputsStayEmptyWhenNotAskedFor() throws Exception {
        Module m = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                "image", blobs(1), "model", model.toString(), "class", false,
                "rois", SegmentOptions.ROIS_NONE).get();
        assertNull(m.getOutput("classes"));
        assertNull(m.getOutput("probabilities"));
        assertNotNull(m.getOutput("instances"));
    }

    @Test
    void unknownModelFailsWithTheNameAndWhereItLooked() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(SegmentImageCommand.class), true,
                        "image", blobs(1), "model", "no-such-model").get());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("No model 'no-such-model'"), root.getMessage());
    }
}
