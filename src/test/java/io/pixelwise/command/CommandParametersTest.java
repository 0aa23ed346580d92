package io.pixelwise.command;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;

import java.io.File;
import java.lang.reflect.Field;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

class CommandParametersTest {

    /**
     * A remembered folder would be used again by a later script run that leaves it out: tables written into last
     * week's folder, or a run failing on a folder that is gone. Paths are never persisted.
     */
    @Test
    void noCommandRemembersAPath() {
        for (Class<?> command : List.of(SegmentImageCommand.class, TrainModelCommand.class, MeasureRegionsCommand.class,
                EvaluateSegmentationCommand.class, CutOutCommand.class, BlurBackgroundCommand.class,
                LabelsToRoisCommand.class, RoisToLabelsCommand.class, FilterRegionsCommand.class)) {
            for (Field f : command.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                boolean path = f.getType() == File.class || f.getName().toLowerCase().contains("folder");
                if (p != null && path && p.type() != org.scijava.ItemIO.OUTPUT) {
                    assertFalse(p.persist(), command.getSimpleName() + "." + f.getName() + " is remembered");
                }
            }
        }
    }
}
