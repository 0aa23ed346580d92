package io.pixelwise.command;

import ij.gui.Roi;
import io.pixelwise.SyntheticCells;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.log.LogService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainModelCommandTest {

    @TempDir
    static Path dir;
    static Context context;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticCells.write(dir, 5);
        context = new Context(CommandService.class, StatusService.class, LogService.class);
    }

    @AfterAll
    static void tearDown() {
        context.dispose();
    }

    private static Map<String, Object> inputs(Path out) {
        Map<String, Object> in = new HashMap<>();
        in.put("images", dir.resolve("images").toFile());
        in.put("labels", dir.resolve("labels").toFile());
        in.put("mode", "instances");
        in.put("output", out.toFile());
        in.put("epochs", 1);
        in.put("steps", 3);
        in.put("patch", 32);
        in.put("batch", 2);
        in.put("depth", 2);
        in.put("filters", 4);
        in.put("validation", 0.4);
        in.put("threads", 1);
        return in;
    }

    @Test
    void trainsHeadlessThroughCommandServiceNamedAfterItsOutputFolder() throws Exception {
        Path out = dir.resolve("cells-model");
        Module m = context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(TrainModelCommand.class), true, inputs(out)).get();
        assertEquals(out.toAbsolutePath().toString(), m.getOutput("model"));
        assertEquals("cells-model", io.pixelwise.model.Models.descriptor(out).name);
        assertNotNull(m.getOutput("bestScore"));
    }

    @Test
    void aBadSettingFailsBeforeTrainingAndSaysWhichOne() {
        Map<String, Object> in = inputs(dir.resolve("bad"));
        in.put("weights", "1, heavy, 1");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(TrainModelCommand.class), true, in).get());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("(weights) must be non-negative numbers separated by commas"),
                root.getMessage());
        assertTrue(!Files.exists(dir.resolve("bad")));
    }

    @Test
    void roiNamesOrGroupsGiveTheirClass() {
        List<String> classes = List.of("background", "tumour", "organ");
        Roi r = new Roi(0, 0, 2, 2);
        r.setName("organ-12");
        assertEquals(2, TrainModelPlugin.classOf(r, classes));
        r.setName("tumour");
        assertEquals(1, TrainModelPlugin.classOf(r, classes));
        r.setName("vessel-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainModelPlugin.classOf(r, classes));
        assertTrue(e.getMessage().contains("'vessel-1' is not named after one of the classes"), e.getMessage());
        r.setGroup(2);
        assertEquals(2, TrainModelPlugin.classOf(r, classes), "no class name: its ROI group");
        r.setName("tumour-3");
        assertEquals(1, TrainModelPlugin.classOf(r, classes), "a class name wins over the group");
        r.setName("vessel-1");
        r.setGroup(3);
        assertThrows(IllegalArgumentException.class, () -> TrainModelPlugin.classOf(r, classes));
    }
}
