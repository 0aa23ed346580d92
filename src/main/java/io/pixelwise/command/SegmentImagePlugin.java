package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImageSegmentation;
import io.pixelwise.ij.Rois;
import io.pixelwise.ij.StreamedSegmentation;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.progress.Progress;

import java.io.IOException;
import java.nio.file.Path;

import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Segment Image... for ImageJ 1.x and Fiji, registered in plugins.config. The dialog
 * is made from {@link SegmentOptions#SPEC}, so the macro recorder writes {@code run("Segment Image...",
 * "model=... tile=...")} with the spec's keys and macros pass them back.
 */
public class SegmentImagePlugin implements PlugIn {

    static final String TITLE = "Segment Image";

    /** What one run made, for the plugin to show and the SciJava command to return. */
    record Result(ImagePlus classes, ImagePlus instances, ImagePlus probabilities, ImagePlus panoptic,
                  Pipeline.Summary summary, String message) {
    }

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        ImagePlus imp = Dialogs.activeImage(TITLE);
        if (imp == null) {
            return;
        }
        OptionSpec.Values v = SpecDialog.ask(SegmentOptions.SPEC, TITLE, Map.of());
        if (v == null) {
            return;
        }
        try {
            Result r = segment(imp, v, new IJProgress());
            for (ImagePlus out : new ImagePlus[] {r.classes(), r.instances(), r.probabilities(), r.panoptic()}) {
                if (out != null) {
                    out.show();
                }
            }
            IJ.showStatus(r.message());
            if (v.optionalText(SegmentOptions.FOLDER) != null) {
                IJ.log(r.message());
            }
        } catch (CanceledException e) {
            IJ.showStatus("Segment Image canceled");
        } catch (RuntimeException | IOException e) {
            Dialogs.error(TITLE, e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /**
     * Segment Image with these values, in memory or (with a folder) plane by plane into files read back as
     * virtual stacks; ROIs go where the values say. Shared by this plugin and {@link SegmentImageCommand}.
     */
    static Result segment(ImagePlus imp, OptionSpec.Values v, Progress progress) throws IOException {
        Pipeline.Settings settings = SegmentOptions.settings(v);
        boolean classes = v.flag(SegmentOptions.CLASSES);
        boolean instances = v.flag(SegmentOptions.INSTANCES);
        String folder = v.optionalText(SegmentOptions.FOLDER);
        try (SegmentationModel m = ImageJModels.open(v.text(SegmentOptions.MODEL), v.integer(SegmentOptions.THREADS),
                v.integer(SegmentOptions.PARALLEL))) {
            if (folder != null) {
                StreamedSegmentation.Opened o = StreamedSegmentation.intoFolder(imp, m, settings, Path.of(folder),
                        progress);
                var s = o.summary();
                String message = String.format("Segment Image: %s, %s on %s in %.1f s, plane by plane into %s; "
                                + "%d ROIs in %s (ROI Manager > More > Open...) (%s)", imp.getTitle(),
                        s.countsText(), s.device(), s.millis() / 1000.0, folder, s.objects(),
                        Path.of(folder).relativize(o.files().rois()), s.times());
                return new Result(classes ? o.classes() : null, instances ? o.instances() : null, null, null, s,
                        message);
            }
            ImageSegmentation.Output out = ImageSegmentation.run(imp, m, settings, progress);
            Rois.show(imp, out.rois(), Rois.Target.of(v.text(SegmentOptions.ROIS)));
            var summary = out.summary();
            String message = String.format("Segment Image: %s, %s on %s in %.1f s (%s)", imp.getTitle(),
                    summary.countsText(), summary.device(), summary.millis() / 1000.0, summary.times());
            return new Result(classes ? out.classes() : null, instances ? out.instances() : null,
                    out.probabilities(), out.panoptic(), summary, message);
        }
    }
}
