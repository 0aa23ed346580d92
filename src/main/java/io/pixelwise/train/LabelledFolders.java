package io.pixelwise.train;

import io.pixelwise.infer.Normalizer;
import io.pixelwise.model.ModelDescriptor;
import net.imglib2.img.array.ArrayImgs;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Reads an {@code images/} + {@code labels/} folder pair: same file names, single-channel images, instance
 * label images (0 = background). Images are normalised with the model's normalisation, labels become
 * {@link InstanceTargets three-class targets}.
 */
public final class LabelledFolders {

    private LabelledFolders() {
    }

    /** Sorted file names in {@code images/} that have a label file of the same name. */
    public static List<String> ids(Path root) throws IOException {
        Path images = root.resolve("images");
        Path labels = root.resolve("labels");
        if (!Files.isDirectory(images) || !Files.isDirectory(labels)) {
            throw new IOException("Expected folders 'images' and 'labels' in " + root);
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(images)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!Files.exists(labels.resolve(name))) {
                    throw new IOException("Image " + p + " has no label image " + labels.resolve(name));
                }
                ids.add(name);
            }
        }
        if (ids.isEmpty()) {
            throw new IOException("No images in " + images);
        }
        return ids;
    }

    /** Split by whole image with a fixed seed: the same ids always land on the same side. */
    public static List<List<String>> split(List<String> ids, double validationFraction, long seed) {
        List<String> shuffled = new ArrayList<>(ids);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        int nVal = (int) Math.round(ids.size() * validationFraction);
        List<String> val = new ArrayList<>(shuffled.subList(0, nVal));
        List<String> train = new ArrayList<>(shuffled.subList(nVal, shuffled.size()));
        java.util.Collections.sort(val);
        java.util.Collections.sort(train);
        return List.of(train, val);
    }

    public static LabelledImage load(Path root, String id, ModelDescriptor.Normalization norm) throws IOException {
        Raster img = read(root.resolve("images").resolve(id));
        Raster lab = read(root.resolve("labels").resolve(id));
        int w = img.getWidth();
        int h = img.getHeight();
        if (lab.getWidth() != w || lab.getHeight() != h) {
            throw new IOException("Label image for " + id + " is " + lab.getWidth() + "x" + lab.getHeight()
                    + " but the image is " + w + "x" + h);
        }
        float[] raw = img.getSamples(0, 0, w, h, 0, new float[w * h]);
        Normalizer n = Normalizer.fit(norm, ArrayImgs.floats(raw, w, h));
        for (int i = 0; i < raw.length; i++) {
            raw[i] = n.apply(raw[i]);
        }
        int[] labels = lab.getSamples(0, 0, w, h, 0, new int[w * h]);
        return new LabelledImage(id, w, h, raw, InstanceTargets.threeClass(labels, w, h));
    }

    public static int[] instanceLabels(Path root, String id) throws IOException {
        Raster lab = read(root.resolve("labels").resolve(id));
        return lab.getSamples(0, 0, lab.getWidth(), lab.getHeight(), 0, new int[lab.getWidth() * lab.getHeight()]);
    }

    private static Raster read(Path file) throws IOException {
        BufferedImage bi = ImageIO.read(file.toFile());
        if (bi == null) {
            throw new IOException("Not a readable image: " + file);
        }
        if (bi.getRaster().getNumBands() != 1) {
            throw new IOException(file + " has " + bi.getRaster().getNumBands() + " bands; expected one channel");
        }
        return bi.getRaster();
    }
}
