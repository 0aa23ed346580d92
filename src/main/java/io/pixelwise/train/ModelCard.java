package io.pixelwise.train;

import io.pixelwise.eval.SegmentationScores;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.model.ModelDescriptor;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/** The model card ({@code MODEL.md}) of a trained model: what it is for, what it learnt from, how good it is. */
public final class ModelCard {

    /** Foreground Dice levels whose first epoch the card reports ("time to Dice"). */
    private static final double[] DICE_LEVELS = {0.80, 0.90, 0.95};

    private ModelCard() {
    }

    static String write(TrainingConfig c, TrainingRun.Outcome o) {
        ModelDescriptor d = o.descriptor();
        TrainingRun.Epoch best = o.best();
        int epochsRun = o.history().get(o.history().size() - 1).epoch();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(c.name).append("\n\n");
        if (c.description != null) {
            sb.append(c.description).append("\n\n");
        }
        sb.append("## Use\n");
        sb.append("- Segment Image with `model=").append(c.name).append("`; classes ").append(d.classes)
                .append(d.boundary_class != null ? " (objects: " + d.object_classes + ", the boundary class separates "
                        + "touching objects)" : "")
                .append(d.distance_levels > 0 ? " (objects: " + d.object_classes + ", told apart by "
                        + d.distance_levels
                        + " levels of distance to their edge, learnt per pixel; cores from level " + d.seed_level
                        + " on)" : "").append(".\n");
        String chosen = c.channelList().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        sb.append("- Input: ").append(d.imageChannels()).append(" channel(s)")
                .append(chosen.isEmpty() ? "" : " (channels " + chosen + " of its training images: give Segment "
                        + "Image the same, channels=" + chosen + ")")
                .append(d.context_slices > 0 ? ", each plane seen with " + d.context_slices + " plane(s) above and "
                        + "below (2.5D)" : "").append(", normalised per ").append(d.normalization.scope).append(": ")
                .append(normalization(d.normalization)).append(".\n");
        sb.append(String.format(Locale.ROOT, "- Network: %s U-Net, depth %d, %d base filters, %s, dropout "
                        + "%.2f, input scale 1/%d; size divisor %d, halo %d px.%n",
                d.network.dimensions == 3 ? "3D (whole stacks: 3x3x3 convolutions, pooling along z too)" : "2D",
                d.network.depth, d.network.base_filters, d.network.instance_norm ? "instance norm"
                        : d.network.batch_norm ? "batch norm on" : "batch norm off", d.network.dropout,
                d.network.input_scale, d.size_divisor, d.halo));
        sb.append("\n## Training data\n");
        sb.append("- Images `").append(c.images).append("`, labels `").append(c.labels).append("` (")
                .append(c.labelMode().key()).append(" labels).\n");
        String unit = o.volumes() ? "volume" : "image";
        String by = c.split_groups == null ? "whole " + unit : "whole group of near-duplicate " + unit + "s (column '"
                + c.split_groups.group_column + "' of `" + c.split_groups.csv + "`)";
        sb.append(String.format(Locale.ROOT, "- %d %ss for training, %d held out for validation by %s (seed %d, "
                        + "fraction %.2f), never by patch.%n", o.trainItems(), unit, o.validationIds().size(), by,
                c.splitSeed(), c.validation_fraction));
        for (Map.Entry<String, String> e : c.provenance.entrySet()) {
            sb.append("- ").append(e.getKey().replace('_', ' ')).append(": ").append(e.getValue()).append("\n");
        }
        sb.append("\n## Training\n");
        String patch = c.patch_slices > 0 ? c.patch_slices + " x " + c.patch : String.valueOf(c.patch);
        sb.append(String.format(Locale.ROOT, "- %d of %d epochs%s, %d Adam steps each, batch %d x %s^2 patches, "
                        + "cosine learning rate from %.1e.%n", epochsRun, c.epochs,
                o.stoppedEarly() ? " (stopped early: no better validation score for " + c.patience + " epochs)" : "",
                c.steps_per_epoch, c.batch, patch, c.learning_rate));
        sb.append(String.format(Locale.ROOT, "- Loss: softmax cross-entropy, class weights %s%s.%n",
                java.util.Arrays.toString(c.classWeights()),
                c.dice_weight > 0 ? String.format(Locale.ROOT, " + %.2f x (1 - soft Dice)", c.dice_weight) : ""));
        sb.append("- Augmentation: ").append(augmentation(c.augment)).append(".\n");
        if (c.weight_decay > 0) {
            sb.append(String.format(Locale.ROOT, "- Decoupled weight decay of the convolution kernels (AdamW): %s.%n",
                    c.weight_decay));
        }
        if (c.weight_average > 0) {
            sb.append(String.format(Locale.ROOT, "- Validated and exported: the moving average of the weights "
                    + "(decay %s per step).%n", c.weight_average));
        }
        if (c.fine_tune_from != null) {
            sb.append("- Fine-tuned from `").append(c.fine_tune_from).append("`.\n");
        }
        sb.append(String.format(Locale.ROOT, "- %.1f min on %d CPU core(s) (%.0f s per epoch, validation included); "
                        + "best epoch %d by %s.%n", o.seconds() / 60, Runtime.getRuntime().availableProcessors(),
                o.seconds() / o.history().size(), best.epoch(),
                Validation.selectionName(o.bestScores().hasInstances())));
        for (double level : DICE_LEVELS) {
            o.history().stream().filter(e -> e.foregroundDice() >= level).findFirst().ifPresent(e ->
                    sb.append(String.format(Locale.ROOT, "- Foreground Dice %.2f first reached after epoch %d, "
                            + "%.1f min.%n", level, e.epoch(), e.seconds() / 60)));
        }
        sb.append("- Per-epoch log: `").append(TrainingRun.LOG).append("`; settings: `")
                .append(TrainingConfig.FILE_NAME).append("`.\n");
        sb.append(validation(o.bestScores(), "best epoch"));
        if (c.limitations != null && !c.limitations.isBlank()) {
            sb.append("\n## Where it falls short\n").append(c.limitations.strip()).append("\n");
        }
        sb.append("\n## Reproduce\n```bash\n")
                .append("mvn -B -q -DskipTests package exec:exec -Dpixelwise.main=io.pixelwise.cli.Train \\\n")
                .append("    -Dpixelwise.args=\"--config models/").append(c.name).append("/")
                .append(TrainingConfig.FILE_NAME).append(" --out NEW_FOLDER\"\n```\n")
                .append("Trained on ").append(LocalDate.now()).append(".\n");
        return sb.toString();
    }

    /** The Validation section: heading and score table. */
    static String validation(SegmentationScores s, String when) {
        return String.format(Locale.ROOT, "%n## Validation (%d held-out %s, %s, through the Segment Image engine)%n",
                s.items(), s.volumes() ? "volumes" : "images", when) + s.table();
    }

    /** Replaces the Validation section of a card with fresh scores, keeping everything else. */
    public static void replaceValidation(java.nio.file.Path card, SegmentationScores s, String model)
            throws java.io.IOException {
        String text = java.nio.file.Files.readString(card);
        int start = text.indexOf("\n## Validation");
        if (start < 0) {
            throw new java.io.IOException("The card " + card + " of '" + model + "' has no Validation section");
        }
        int end = text.indexOf("\n## ", start + 1);
        String fresh = validation(s, "rescored on " + LocalDate.now());
        AtomicFiles.writeString(card, text.substring(0, start) + fresh + (end < 0 ? "" : text.substring(end)));
    }

    private static String normalization(ModelDescriptor.Normalization n) {
        return "percentile".equals(n.type)
                ? String.format(Locale.ROOT, "percentiles %.1f-%.1f mapped to 0-1", n.low, n.high)
                : String.format(Locale.ROOT, "(v - %.3g) / %.3g", n.mean, n.std);
    }

    static String augmentation(TrainingConfig.Augmentation a) {
        StringBuilder s = new StringBuilder();
        s.append(a.flip_x && a.flip_y ? "flips in x and y" : a.flip_x ? "flips in x only" : a.flip_y
                ? "flips in y only" : "no flips").append(a.rotations ? ", 90-degree rotations" : ", no rotations");
        s.append(a.elastic ? ", elastic deformations (image bilinear, mask nearest)" : "");
        s.append(a.zoom > 1 ? String.format(Locale.ROOT, ", zoom %.2fx-%.2fx (image bilinear, mask nearest)",
                1 / a.zoom, a.zoom) : "");
        s.append(" (image and mask together), random crops");
        if (a.intensity) {
            s.append(", gain 0.8-1.2 and offset +-0.1 (image only)");
        }
        if (a.gamma > 1) {
            s.append(String.format(Locale.ROOT, ", gamma %.2f-%.2f (image only)", 1 / a.gamma, a.gamma));
        }
        return s.toString();
    }
}
