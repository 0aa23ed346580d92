package io.pixelwise.cli;

import io.pixelwise.command.SegmentOptions;
import io.pixelwise.eval.ConfusionMatrix;
import io.pixelwise.eval.InstanceMatching;
import io.pixelwise.infer.Segmenter;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.progress.Progress;
import io.pixelwise.regions.Instances;
import io.pixelwise.train.InstanceTargets;
import io.pixelwise.train.LabelledFolders;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

import javax.imageio.ImageIO;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Scores a nuclei model on the DSB2018 validation split that {@link TrainNucleiModel} held out, through the same
 * engine Segment Image uses. Usage: {@code ValidateNucleiModel DATA_DIR MODEL_DIR [--write-card]}.
 */
public final class ValidateNucleiModel {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/dsb2018_nuclei");
        Path modelDir = Path.of(args.length > 1 ? args[1] : "models/nuclei-fluo");
        boolean writeCard = List.of(args).contains("--write-card");
        List<String> val = LabelledFolders.split(LabelledFolders.ids(data), TrainNucleiModel.VALIDATION_FRACTION,
                TrainNucleiModel.SPLIT_SEED).get(1);

        ConfusionMatrix classes = new ConfusionMatrix(3);
        ConfusionMatrix foreground = new ConfusionMatrix(2);
        InstanceMatching ap50 = new InstanceMatching(0.5);
        long t0 = System.nanoTime();
        try (SegmentationModel model = SegmentationModel.load(modelDir)) {
            ModelDescriptor d = model.descriptor();
            for (String id : val) {
                Raster img = ImageIO.read(data.resolve("images").resolve(id).toFile()).getRaster();
                int w = img.getWidth();
                int h = img.getHeight();
                float[] px = img.getSamples(0, 0, w, h, 0, new float[w * h]);
                var input = Views.addDimension(Views.addDimension(Views.addDimension(
                        ArrayImgs.floats(px, w, h), 0, 0), 0, 0), 0, 0);
                Segmenter.Result r = Segmenter.segment(model, input, new Segmenter.Options(SegmentOptions.DEFAULT_TILE, false), Progress.NONE);
                Instances.Result inst = Instances.label(r.classes(), d.objectClassIndices(), d.boundaryClassIndex(),
                        false, Instances.CONNECTIVITY);
                int[] truthLabels = LabelledFolders.instanceLabels(data, id);
                byte[] truthClasses = InstanceTargets.threeClass(truthLabels, w, h);
                var predicted = Views.hyperSlice(Views.hyperSlice(r.classes(), 3, 0), 2, 0);
                classes.add(ArrayImgs.unsignedBytes(truthClasses, w, h), predicted);
                byte[] truthFg = new byte[w * h];
                byte[] predFg = new byte[w * h];
                var c = Views.flatIterable(predicted).cursor();
                for (int i = 0; i < truthFg.length; i++) {
                    truthFg[i] = (byte) (truthLabels[i] > 0 ? 1 : 0);
                    predFg[i] = (byte) (c.next().get() > 0 ? 1 : 0);
                }
                foreground.add(ArrayImgs.unsignedBytes(truthFg, w, h), ArrayImgs.unsignedBytes(predFg, w, h));
                ap50.add(ArrayImgs.ints(truthLabels, w, h), Views.hyperSlice(Views.hyperSlice(inst.labels(), 3, 0), 2, 0));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String report = String.format("""

                ## Validation (%d held-out images, scored by io.pixelwise.cli.ValidateNucleiModel)
                | measure | value |
                |---|---|
                | nucleus foreground Dice (nucleus + boundary vs background) | %.3f |
                | nucleus foreground IoU | %.3f |
                | class Dice background / nucleus / boundary | %.3f / %.3f / %.3f |
                | class IoU background / nucleus / boundary | %.3f / %.3f / %.3f |
                | instance AP@0.5 = TP/(TP+FP+FN), pooled over images | %.3f (TP %d, FP %d, FN %d) |
                | inference + labelling time, all images, 2-core CPU | %.1f s |
                """, val.size(), foreground.dice(1), foreground.iou(1), classes.dice(0), classes.dice(1),
                classes.dice(2), classes.iou(0), classes.iou(1), classes.iou(2), ap50.averagePrecision(),
                ap50.truePositives(), ap50.falsePositives(), ap50.falseNegatives(), seconds);
        System.out.print(report);
        if (writeCard) {
            Files.writeString(modelDir.resolve("MODEL.md"), report, StandardOpenOption.APPEND);
        }
    }
}
