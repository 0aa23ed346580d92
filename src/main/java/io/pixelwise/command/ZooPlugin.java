package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageFiles;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.ij.ImagePlusViews;
import io.pixelwise.ij.LabelImages;
import io.pixelwise.ij.ZooExport;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.infer.TileSizes;
import io.pixelwise.io.FileNames;
import io.pixelwise.model.Models;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.pipeline.SegmentOptions;
import io.pixelwise.zoo.ModelTests;
import io.pixelwise.zoo.ZooPackages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The BioImage Model Zoo commands (one class, three menu entries, each with its own macro keys):
 * <ul>
 *   <li>Plugins &gt; Pixelwise &gt; Export Model to Zoo... ({@code model}, {@code package}): a Pixelwise model
 *   as a zoo package (.zip);</li>
 *   <li>Test Model... ({@code model}: a package): the package's test input against its test output, in the Log;
 *   a failure is also {@code Dialogs.lastError};</li>
 *   <li>Run Model... ({@code model}, {@code channels}, {@code tile}): any TensorFlow zoo model on the active image,
 *   its output as a new image (for models whose output is not class scores; those go through Segment Image).</li>
 * </ul>
 */
public class ZooPlugin implements PlugIn {

    static final OptionSpec EXPORT = new OptionSpec("Export Model to Zoo", List.of(
            Option.model("model", "Model", Models.DEFAULT, "the Pixelwise model to export"),
            Option.text("package", "Package file (.zip)", "", "where the zoo package is written")));
    static final OptionSpec TEST = new OptionSpec("Test Model", List.of(
            Option.file("model", "Model package (.zip or folder)", "a BioImage Model Zoo package")));
    static final OptionSpec RUN = new OptionSpec("Run Model", List.of(
            Option.file("model", "Model package (.zip or folder)", "a BioImage Model Zoo package"),
            SegmentOptions.SPEC.option(SegmentOptions.CHANNELS),
            Option.integer("tile", "Tile size (pixels, 0 = from free memory)", TileSizes.AUTO, 0, 1 << 15,
                    "tile side in pixels; 0 = the largest the free memory allows")));

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        switch (arg) {
            case "export" -> export();
            case "test" -> test();
            default -> runModel();
        }
    }

    private static void export() {
        OptionSpec.Values v = SpecDialog.ask(EXPORT, EXPORT.command(), Map.of());
        if (v == null) {
            return;
        }
        String target = v.text("package").trim();
        if (target.isEmpty()) {
            Dialogs.error(EXPORT.command(), "no package file given (macro key 'package', e.g. package=/tmp/model.zip)");
            return;
        }
        try {
            IJ.showStatus("Exporting " + v.text("model") + " as a zoo package...");
            Path zip = ZooExport.export(ImageJModels.resolve(v.text("model")), Path.of(target));
            IJ.log(EXPORT.command() + ": " + v.text("model") + " -> " + zip);
            IJ.showStatus(EXPORT.command() + ": " + zip);
        } catch (Exception e) {
            Dialogs.error(EXPORT.command(), e.getMessage());
        }
    }

    private static void test() {
        OptionSpec.Values v = SpecDialog.ask(TEST, TEST.command(), Map.of());
        if (v == null) {
            return;
        }
        Path pkg = Path.of(v.text("model").trim());
        try {
            if (!ZooPackages.isPackage(pkg)) {
                Dialogs.error(TEST.command(), pkg + " is not a BioImage Model Zoo package (a .zip, or a folder with "
                        + "rdf.yaml)");
                return;
            }
            ModelTests.Result r;
            try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
                r = ModelTests.test(p, m);
            }
            IJ.log(TEST.command() + ": " + pkg + ": " + r.message());
            if (!r.passed()) {
                Dialogs.error(TEST.command(), pkg + ": " + r.message());
            }
        } catch (Exception e) {
            Dialogs.error(TEST.command(), e.getMessage());
        }
    }

    private static void runModel() {
        OptionSpec.Values v = Dialogs.askOnOpenImages(RUN, RUN.command(), "an image", active -> Map.of());
        if (v == null) {
            return;
        }
        ImagePlus imp = WindowManager.getCurrentImage();
        try (SegmentationModel m = ImageJModels.open(v.text("model").trim(), 0, 0)) {
            var d = m.descriptor();
            Segmenter.Result r = outputs(m, imp, SegmentOptions.channels(v.text(SegmentOptions.CHANNELS)),
                    v.integer("tile"));
            ImagePlus out = LabelImages.probabilities(r.probabilities(), FileNames.stem(imp.getTitle()) + "-"
                    + d.output.name, imp.getCalibration());
            ImageFiles.keepSpace(imp, out);
            out.show();
            IJ.log(RUN.command() + ": " + d.name + " on " + imp.getTitle() + " (" + r.device() + ", tile "
                    + r.tileSide() + " px): " + d.classes.size() + " output channel(s) " + d.classes);
        } catch (Exception e) {
            Dialogs.error(RUN.command(), e.getMessage());
        }
    }

    /** The network's output channels on the image (its "probabilities", whatever they mean for this model). */
    private static <T extends RealType<T>> Segmenter.Result outputs(SegmentationModel m, ImagePlus imp,
                                                                    List<Integer> channels, int tile) {
        RandomAccessibleInterval<T> in = ImagePlusViews.modelInput(imp, m.descriptor().imageChannels(), channels);
        return Segmenter.segment(m, in, new Segmenter.Options(tile, true), new IJProgress());
    }
}
