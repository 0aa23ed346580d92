package io.pixelwise.ij;

import ij.ImagePlus;
import io.pixelwise.progress.Progress;
import io.pixelwise.train.LabelMode;
import io.pixelwise.train.LabelledImage;
import io.pixelwise.train.TrainingData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Training items from image files or open images, read through {@link ImageFiles} and {@link ImagePlusViews}. */
public final class TrainingFiles {

    private TrainingFiles() {
    }

    /**
     * Every image/label pair of two folders, as training items of the chosen channels (empty: all); the first bad
     * file stops it with its name.
     */
    public static List<LabelledImage> load(Path images, Path labels, TrainingData.Targets targets,
                                           List<Integer> channels, Progress progress)
            throws IOException {
        List<TrainingData.Pair> pairs = TrainingData.pairs(images, labels);
        List<LabelledImage> out = new ArrayList<>();
        for (TrainingData.Pair p : pairs) {
            progress.checkCanceled();
            progress.status("Reading training image " + p.id() + " (" + (out.size() + 1) + " of " + pairs.size() + ")");
            try {
                out.add(labelled(p.id(), ImageFiles.open(p.image()), ImageFiles.open(p.labels()), targets,
                        channels));
            } catch (IllegalArgumentException e) {
                throw new IOException(p.image() + " / " + p.labels() + ": " + e.getMessage(), e);
            }
            progress.fraction((double) out.size() / pairs.size());
        }
        return out;
    }

    /**
     * An image's chosen channels (empty: all; {@link ImagePlusViews#modelInput(ImagePlus, int, List)}) and its label
     * image as a training item. RGB images become three channels (R, G, B) unless channels are chosen; label images
     * must be 8-, 16- or 32-bit grey values.
     */
    public static LabelledImage labelled(String id, ImagePlus image, ImagePlus labels,
                                         TrainingData.Targets targets, List<Integer> chosen) {
        if (labels.getType() == ImagePlus.COLOR_RGB) {
            throw new IllegalArgumentException("Label image '" + labels.getTitle() + "' is RGB; expected grey "
                    + "values (class indices, 0/255 masks or object ids)");
        }
        int channels = image.getType() == ImagePlus.COLOR_RGB ? 3 : image.getNChannels();
        return TrainingData.labelled(id, ImagePlusViews.modelInput(image, channels, chosen),
                ImagePlusViews.wrapReal(labels), targets);
    }
}
