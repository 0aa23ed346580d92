package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Segment Image as a SciJava command, for scripts and headless runs through {@code CommandService}; its inputs are
 * {@link SegmentOptions#SPEC}'s keys. It has no menu path: the menu entry comes from plugins.config (the ImageJ
 * 1.x {@link SegmentImagePlugin}), so the command appears in Fiji's menu exactly once.
 */
@Plugin(type = Command.class, label = "Segment Image", headless = true)
public class SegmentImageCommand extends SpecCommand {

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus classes;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus instances;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus probabilities;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus panoptic;

    @Parameter(type = ItemIO.OUTPUT, label = "Objects")
    private int objectCount;

    @Parameter(type = ItemIO.OUTPUT, label = "Device")
    private String device;

    @Override
    protected OptionSpec spec() {
        return SegmentOptions.SPEC;
    }

    @Override
    public void run() {
        SegmentImagePlugin.Result r;
        try {
            r = SegmentImagePlugin.segment(image, values(), new StatusProgress(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        classes = r.classes();
        instances = r.instances();
        probabilities = r.probabilities();
        panoptic = r.panoptic();
        objectCount = Math.toIntExact(r.summary().objects());
        device = r.summary().device();
        log.info(r.message());
    }
}
