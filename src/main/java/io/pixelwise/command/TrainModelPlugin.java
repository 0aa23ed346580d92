package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ModelTraining;
import io.pixelwise.ij.RoiLabels;
import io.pixelwise.progress.CanceledException;
import io.pixelwise.train.LabelMode;
import io.pixelwise.train.TrainingConfig;
import io.pixelwise.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Plugins &gt; Pixelwise &gt; Train Model... for ImageJ 1.x and Fiji, registered in plugins.config. Trains on
 * folders of images and label images, or on the active image with a label image or with its ROIs; the macro recorder
 * writes the dialog's keys (see {@link TrainOptions}). Each epoch is written to the Log window; Esc cancels, and the
 * run can be resumed from its output folder.
 */
public class TrainModelPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        TrainingConfig d = TrainOptions.DEFAULTS;
        String[] titles = WindowManager.getImageCount() > 0 ? WindowManager.getImageTitles() : new String[] {"-"};
        GenericDialog gd = new MacroDialog("Train Model");
        gd.addChoice(TrainOptions.SOURCE, TrainOptions.SOURCES, TrainOptions.SOURCE_FOLDERS);
        gd.addDirectoryField(TrainOptions.IMAGES, "");
        gd.addDirectoryField(TrainOptions.LABELS, "");
        gd.addChoice(TrainOptions.LABEL_IMAGE, titles, titles[titles.length > 1 ? 1 : 0]);
        gd.addChoice(TrainOptions.MODE, TrainOptions.MODES, "instances");
        gd.addStringField(TrainOptions.CLASSES, "", 30);
        gd.addStringField(TrainOptions.NAME, "", 20);
        gd.addDirectoryField(TrainOptions.OUTPUT, "");
        gd.addNumericField(TrainOptions.EPOCHS, d.epochs, 0);
        gd.addNumericField(TrainOptions.STEPS, d.steps_per_epoch, 0);
        gd.addNumericField(TrainOptions.PATCH, d.patch, 0);
        gd.addNumericField(TrainOptions.BATCH, d.batch, 0);
        gd.addNumericField(TrainOptions.LEARNING_RATE, d.learning_rate, 5);
        gd.addNumericField(TrainOptions.DEPTH, d.network.depth, 0);
        gd.addNumericField(TrainOptions.FILTERS, d.network.base_filters, 0);
        gd.addCheckbox(TrainOptions.BATCH_NORM, d.network.batch_norm);
        gd.addNumericField(TrainOptions.DROPOUT, d.network.dropout, 2);
        gd.addNumericField(TrainOptions.INPUT_SCALE, d.network.input_scale, 0);
        gd.addNumericField(TrainOptions.CONTEXT, d.context_slices, 0);
        gd.addChoice(TrainOptions.SCOPE, TrainOptions.SCOPES, d.normalization.scope);
        gd.addNumericField(TrainOptions.DICE, d.dice_weight, 2);
        gd.addStringField(TrainOptions.CLASS_WEIGHTS, "", 20);
        gd.addNumericField(TrainOptions.VALIDATION, d.validation_fraction, 2);
        gd.addNumericField(TrainOptions.SEED, d.seed, 0);
        gd.addNumericField(TrainOptions.PATIENCE, d.patience, 0);
        gd.addNumericField(TrainOptions.MIN_SIZE, d.min_object_size, 0);
        gd.addStringField(TrainOptions.FINE_TUNE, "", 20);
        gd.addCheckbox(TrainOptions.FLIP_X, d.augment.flip_x);
        gd.addCheckbox(TrainOptions.FLIP_Y, d.augment.flip_y);
        gd.addCheckbox(TrainOptions.ROTATIONS, d.augment.rotations);
        gd.addCheckbox(TrainOptions.INTENSITY, d.augment.intensity);
        gd.addNumericField(TrainOptions.THREADS, d.threads, 0);
        gd.addCheckbox(TrainOptions.RESUME, false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String source = gd.getNextChoice();
        String images = gd.getNextString();
        String labels = gd.getNextString();
        String labelImage = gd.getNextChoice();
        String mode = gd.getNextChoice();
        String classes = gd.getNextString();
        String name = gd.getNextString();
        String output = gd.getNextString();
        int epochs = (int) gd.getNextNumber();
        int steps = (int) gd.getNextNumber();
        int patch = (int) gd.getNextNumber();
        int batch = (int) gd.getNextNumber();
        double learningRate = gd.getNextNumber();
        int depth = (int) gd.getNextNumber();
        int filters = (int) gd.getNextNumber();
        boolean batchNorm = gd.getNextBoolean();
        double dropout = gd.getNextNumber();
        int inputScale = (int) gd.getNextNumber();
        int context = (int) gd.getNextNumber();
        String scope = gd.getNextChoice();
        double dice = gd.getNextNumber();
        String classWeights = gd.getNextString();
        double validation = gd.getNextNumber();
        long seed = (long) gd.getNextNumber();
        int patience = (int) gd.getNextNumber();
        long minSize = (long) gd.getNextNumber();
        String fineTune = gd.getNextString();
        boolean flipX = gd.getNextBoolean();
        boolean flipY = gd.getNextBoolean();
        boolean rotations = gd.getNextBoolean();
        boolean intensity = gd.getNextBoolean();
        int threads = (int) gd.getNextNumber();
        boolean resume = gd.getNextBoolean();
        if (gd.invalidNumber()) {
            Dialogs.error("Train Model", "A numeric field does not hold a number (epochs, steps, sizes, rates, seed...)");
            return;
        }
        if (output.isBlank()) {
            Dialogs.error("Train Model", "'" + TrainOptions.OUTPUT + "' is empty: choose a new folder for the model");
            return;
        }
        Path out = Path.of(output);
        try {
            TrainingRun.Outcome o;
            TrainingRun.Listener toLog = r -> IJ.log("Train Model: " + r.line());
            if (resume) {
                o = ModelTraining.fromFolders(null, out, true, new IJProgress(), toLog);
            } else {
                TrainingConfig c = TrainOptions.config(new TrainOptions.Values(blankToNull(images),
                        blankToNull(labels), mode, classes, name, epochs, steps, patch, batch, learningRate, depth,
                        filters, batchNorm, dropout, inputScale, context, scope, dice, classWeights, validation,
                        seed, patience, minSize, fineTune, flipX, flipY, rotations, intensity, threads), out);
                o = source.equals(TrainOptions.SOURCE_FOLDERS)
                        ? ModelTraining.fromFolders(c, out, false, new IJProgress(), toLog)
                        : ModelTraining.fromImages(c, List.of(IJ.getImage()), List.of(labelsOf(source, labelImage,
                        c)), out, new IJProgress(), toLog);
            }
            IJ.log("Train Model: wrote " + o.model().toAbsolutePath() + "\n" + o.bestScores().table());
            IJ.showStatus(String.format("Train Model: best epoch %d of %d", o.best().epoch(), o.history().size()));
        } catch (CanceledException e) {
            IJ.log("Train Model canceled; the last finished epoch is kept in " + out
                    + " (tick '" + TrainOptions.RESUME + "' to continue)");
        } catch (IOException | RuntimeException e) {
            Dialogs.error("Train Model", e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /** The labels for the active image: a chosen open label image, or its ROIs painted as labels. */
    private static ImagePlus labelsOf(String source, String labelImage, TrainingConfig c) {
        ImagePlus imp = IJ.getImage();
        if (source.equals(TrainOptions.SOURCE_LABEL_IMAGE)) {
            ImagePlus labels = WindowManager.getImage(labelImage);
            if (labels == null) {
                throw new IllegalArgumentException("No open image called '" + labelImage + "' to use as labels");
            }
            return labels;
        }
        List<Roi> rois = RoiLabels.of(imp);
        if (rois.isEmpty()) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has no ROIs (overlay, ROI Manager "
                    + "or selection) to train on");
        }
        List<String> classes = c.classNames();
        return RoiLabels.paint(imp, rois, roi -> switch (c.labelMode()) {
            case INSTANCES -> rois.indexOf(roi) + 1;
            case BINARY -> 1;
            case CLASSES -> classOf(roi, classes);
        });
    }

    /** A ROI's class from its name: "class" or "class-anything" (Segment Image names ROIs "class-id"). */
    static int classOf(Roi roi, List<String> classes) {
        String n = roi.getName() == null ? "" : roi.getName();
        for (int k = classes.size() - 1; k > 0; k--) {
            if (n.equals(classes.get(k)) || n.startsWith(classes.get(k) + "-")) {
                return k;
            }
        }
        throw new IllegalArgumentException("ROI '" + n + "' is not named after one of the classes " + classes
                + " (name ROIs 'class' or 'class-anything' to train on them in mode " + LabelMode.CLASSES.key() + ")");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
