package io.pixelwise;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A tiny training set on disk, as a user would have one: images/ and labels/ folders of TIFF files. */
public final class SyntheticCells {

    private SyntheticCells() {
    }

    /** The two folders a data set was written to. */
    public record Folders(Path images, Path labels) {
    }

    /**
     * Writes {@code n} 64x64 8-bit images of bright discs on noise to {@code root/images/cellsI.tif} and their 16-bit
     * instance labels to {@code root/labels/cellsI_labels.tif}.
     */
    public static Folders write(Path root, int n) throws IOException {
        Path images = Files.createDirectories(root.resolve("images"));
        Path labels = Files.createDirectories(root.resolve("labels"));
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            ByteProcessor img = new ByteProcessor(64, 64);
            ShortProcessor lab = new ShortProcessor(64, 64);
            for (int p = 0; p < 64 * 64; p++) {
                img.set(p, 20 + r.nextInt(20));
            }
            for (int k = 1; k <= 4; k++) {
                int cx = 8 + r.nextInt(48);
                int cy = 8 + r.nextInt(48);
                for (int y = cy - 6; y <= cy + 6; y++) {
                    for (int x = cx - 6; x <= cx + 6; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 30 && lab.get(x, y) == 0) {
                            img.set(x, y, 180 + r.nextInt(40));
                            lab.set(x, y, k);
                        }
                    }
                }
            }
            IJ.saveAsTiff(new ImagePlus("i", img), images.resolve("cells" + i + ".tif").toString());
            IJ.saveAsTiff(new ImagePlus("l", lab), labels.resolve("cells" + i + "_labels.tif").toString());
        }
        return new Folders(images, labels);
    }
}
