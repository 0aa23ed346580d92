package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.Rois;
import io.pixelwise.ij.StreamedSegmentation;
import io.pixelwise.model.SegmentationModel;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Segment Image as a SciJava command, for scripts and headless runs through {@code CommandService}. It has no
 * menu path: the menu entry comes from plugins.config (the ImageJ 1.x {@link SegmentImagePlugin}), so the command
 * appears in Fiji's menu exactly once.
 */
@Plugin(type = Command.class, label = "Segment Image", headless = true)
public class SegmentImageCommand implements Command {

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(persist = false, label = SegmentOptions.MODEL, description = "Bundled model name or model folder")
    private String model = SegmentOptions.DEFAULT_MODEL;

    @Parameter(persist = false, label = SegmentOptions.TILE, min = "16")
    private int tileSize = SegmentOptions.DEFAULT_TILE;

    @Parameter(persist = false, label = SegmentOptions.CLASSES)
    private boolean showClasses = SegmentOptions.DEFAULT_CLASSES;

    @Parameter(persist = false, label = SegmentOptions.INSTANCES)
    private boolean showInstances = SegmentOptions.DEFAULT_INSTANCES;

    @Parameter(persist = false, label = SegmentOptions.PROBABILITIES)
    private boolean showProbabilities = SegmentOptions.DEFAULT_PROBABILITIES;

    @Parameter(persist = false, label = SegmentOptions.ROIS,
            choices = {SegmentOptions.ROIS_OVERLAY, SegmentOptions.ROIS_MANAGER, SegmentOptions.ROIS_NONE})
    private String rois = SegmentOptions.ROIS_OVERLAY;

    @Parameter(persist = false, label = SegmentOptions.VOLUMES)
    private boolean volumes = SegmentOptions.DEFAULT_VOLUMES;

    @Parameter(persist = false, label = SegmentOptions.TOUCHING, choices = {SegmentOptions.TOUCH_SIDES,
            SegmentOptions.TOUCH_CORNERS})
    private String touching = SegmentOptions.TOUCH_SIDES;

    @Parameter(persist = false, label = SegmentOptions.MIN_SIZE)
    private long minSize = SegmentOptions.DEFAULT_MIN_SIZE;

    @Parameter(persist = false, label = SegmentOptions.SPLIT)
    private double split = SegmentOptions.DEFAULT_SPLIT;

    @Parameter(persist = false, label = SegmentOptions.PANOPTIC)
    private boolean showPanoptic = SegmentOptions.DEFAULT_PANOPTIC;

    @Parameter(persist = false, label = SegmentOptions.FOLDER, required = false)
    private String folder = SegmentOptions.DEFAULT_FOLDER;

    @Parameter(persist = false, label = SegmentOptions.THREADS, min = "0")
    private int threads = SegmentOptions.DEFAULT_THREADS;

    @Parameter(persist = false, label = SegmentOptions.INTER_THREADS, min = "0")
    private int interOpThreads = SegmentOptions.DEFAULT_INTER_THREADS;

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

    @Parameter
    private StatusService status;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        Rois.Target target = SegmentOptions.roiTarget(rois);
        var settings = new ImageSegmentation.Settings(tileSize, showProbabilities, volumes,
                SegmentOptions.touching(touching), minSize, split, showPanoptic);
        if (folder != null && !folder.isBlank()) {
            runIntoFolder(settings);
            return;
        }
        ImageSegmentation.Output out;
        try (SegmentationModel m = ImageJModels.open(model, threads, interOpThreads)) {
            out = ImageSegmentation.run(image, m, settings, new StatusProgress(status));
        }
        classes = showClasses ? out.classes() : null;
        instances = showInstances ? out.instances() : null;
        probabilities = out.probabilities();
        panoptic = out.panoptic();
        objectCount = out.objectCounts().values().stream().mapToInt(Integer::intValue).sum();
        device = out.device();
        Rois.show(image, out.rois(), target);
        log.info(String.format("Segment Image: %s, %s on %s in %d ms (%s)", image.getTitle(), out.objectCounts(),
                out.device(), out.millis(), out.times()));
    }

    private void runIntoFolder(ImageSegmentation.Settings settings) {
        StreamedSegmentation.Opened o;
        try (SegmentationModel m = ImageJModels.open(model, threads, interOpThreads)) {
            o = StreamedSegmentation.intoFolder(image, m, settings, Path.of(folder), new StatusProgress(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        classes = showClasses ? o.classes() : null;
        instances = showInstances ? o.instances() : null;
        objectCount = o.summary().objectCounts().values().stream().mapToInt(Integer::intValue).sum();
        device = o.summary().device();
        log.info(SegmentOptions.streamedSummary(image.getTitle(), o));
    }
}
