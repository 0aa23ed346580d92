package io.pixelwise.ij;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.Models;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.model.TensorLayout;
import io.pixelwise.train.ModelExporter;
import io.pixelwise.zoo.ModelTests;
import io.pixelwise.zoo.Npy;
import io.pixelwise.zoo.ZooPackageWriter;
import org.tensorflow.TensorFlow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Exports a Pixelwise model folder as a BioImage Model Zoo package: the model's sample image (mirrored up to a size
 * the model accepts) becomes the test input, the model's own output on it through the zoo's path (the description's
 * preprocessing, the network) the test output, and a cover shows the image beside its classes.
 */
public final class ZooExport {

    private ZooExport() {
    }

    /** Writes {@code zip} from the model in {@code modelFolder}; returns it. */
    public static Path export(Path modelFolder, Path zip) throws IOException {
        ModelDescriptor d = Models.descriptor(modelFolder);
        Path sample = sample(modelFolder);
        ImagePlus image = sample != null ? ImageFiles.open(sample) : synthetic(d);
        Path scratch = Files.createTempDirectory("pixelwise-export");
        try (SegmentationModel model = SegmentationModel.load(modelFolder)) {
            Npy.Array input = testInput(image, d);
            String axes = d.volumetric() ? "bzyxc" : "byxc";
            Npy.Array output = ModelTests.predict(model, ZooPackageWriter.preprocessing(d), axes, input, axes);
            Path cover = scratch.resolve("cover.png");
            Path sampleIn = scratch.resolve("sample_input.tif");
            Path sampleOut = scratch.resolve("sample_output.tif");
            writeImages(input, output, d, cover, sampleIn, sampleOut);
            String card = Files.isRegularFile(modelFolder.resolve(ModelExporter.CARD))
                    ? Files.readString(modelFolder.resolve(ModelExporter.CARD)) : "# " + d.name + "\n";
            return ZooPackageWriter.write(modelFolder, d, new ZooPackageWriter.Contents(input, output, card, cover,
                    sampleIn, sampleOut, TensorFlow.version()), zip);
        } finally {
            try (var s = Files.walk(scratch)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The model's sample image: the first file of {@code samples/} that is not a label or mask image; null when there
     * is none (a model trained by a user).
     */
    static Path sample(Path modelFolder) throws IOException {
        Path dir = modelFolder.resolve("samples");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().matches("(?i).*(label|mask).*")).sorted().findFirst()
                    .orElse(null);
        }
    }

    /**
     * Smooth blobs and ramps, 256 x 256 (a stack of 8 slices or the least depth a volumetric model takes), for a
     * model without a sample: test tensors need not be real images.
     */
    static ImagePlus synthetic(ModelDescriptor d) {
        int perPlane = d.imageChannels();
        int planes = d.volumetric() ? (int) Math.max(8, d.input.depth_min) : 2 * d.context_slices + 1;
        ij.ImageStack stack = new ij.ImageStack(256, 256);
        for (int z = 0; z < planes; z++) {
            for (int c = 0; c < perPlane; c++) {
                FloatProcessor ip = new FloatProcessor(256, 256);
                for (int y = 0; y < 256; y++) {
                    for (int x = 0; x < 256; x++) {
                        ip.setf(x, y, (float) (100 + 80 * Math.sin((x + 7 * z) / 9.0 + c) * Math.cos(y / 11.0)
                                + x / 4.0));
                    }
                }
                stack.addSlice(ip);
            }
        }
        ImagePlus imp = new ImagePlus("synthetic", stack);
        imp.setDimensions(perPlane, planes, 1);
        return imp;
    }

    /**
     * [1, y, x, channel] raw values: the image (the middle slice of a stack, with its neighbouring slices as
     * channels for a model that sees them), mirrored at the bottom and right up to a size the package declares. For
     * a volumetric model [1, z, y, x, channel]: the whole stack, mirrored at its end up to a depth it accepts.
     */
    static Npy.Array testInput(ImagePlus imp, ModelDescriptor d) {
        int planes = 2 * d.context_slices + 1;
        int perPlane = d.input.channels / planes;
        if (imp.getNChannels() != perPlane) {
            throw new ModelException("the sample " + imp.getTitle() + " has " + imp.getNChannels() + " channel(s), the "
                    + "model " + d.name + " reads " + perPlane);
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        long step = d.size_divisor;
        long min = ZooPackageWriter.minimumSide(d);
        int tw = (int) Math.max(min, (w + step - 1) / step * step);
        int th = (int) Math.max(min, (h + step - 1) / step * step);
        int c = d.input.channels;
        int nz = imp.getNSlices();
        int depth = d.volumetric() ? (int) TensorLayout.validSize(nz, d.input.depth_min, d.input.depth_step,
                "the sample's depth (slices)") : 1;
        float[] v = new float[depth * th * tw * c];
        for (int plane = 0; plane < depth; plane++) {
            int z0 = d.volumetric() ? TensorLayout.mirror(plane, nz) : nz / 2;
            for (int dz = -d.context_slices; dz <= d.context_slices; dz++) {
                int z = TensorLayout.mirror(z0 + dz, nz);
                for (int ch = 0; ch < perPlane; ch++) {
                    ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(ch + 1, z + 1, 1));
                    int channel = (dz + d.context_slices) * perPlane + ch;
                    for (int y = 0; y < th; y++) {
                        for (int x = 0; x < tw; x++) {
                            v[((plane * th + y) * tw + x) * c + channel] = ip.getf(TensorLayout.mirror(x, w),
                                    TensorLayout.mirror(y, h));
                        }
                    }
                }
            }
        }
        return new Npy.Array(d.volumetric() ? new long[] {1, depth, th, tw, c} : new long[] {1, th, tw, c}, v);
    }

    /**
     * Cover (the image beside its classes), sample input (32-bit) and sample output (the class image, 8-bit), of the
     * test tensors' one plane or, for a volume, its middle plane.
     */
    private static void writeImages(Npy.Array in, Npy.Array out, ModelDescriptor d, Path cover, Path sampleIn,
                                    Path sampleOut) throws IOException {
        long[] shape = in.shape();
        int r = shape.length;
        int h = (int) shape[r - 3];
        int w = (int) shape[r - 2];
        int c = (int) shape[r - 1];
        int k = (int) out.shape()[r - 1];
        int plane = r == 5 ? (int) shape[1] / 2 : 0;
        FloatProcessor image = new FloatProcessor(w, h);
        ByteProcessor classes = new ByteProcessor(w, h);
        for (int i = 0; i < w * h; i++) {
            int at = plane * w * h + i;
            image.setf(i, in.data()[at * c + c / 2]);
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (out.data()[at * k + j] > out.data()[at * k + best]) {
                    best = j;
                }
            }
            classes.set(i, best);
        }
        ImageFiles.save(new ImagePlus("sample_input", image), sampleIn);
        ImageFiles.save(new ImagePlus("sample_output", classes), sampleOut);
        image.resetMinAndMax();
        ImageProcessor gray = image.convertToByteProcessor(true);
        ColorProcessor both = new ColorProcessor(2 * w, h);
        int[] colours = {0x000000, 0xff4040, 0x40c0ff, 0xffd040, 0x40ff80, 0xc040ff};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = gray.get(x, y);
                both.set(x, y, (g << 16) | (g << 8) | g);
                int cls = classes.get(x, y);
                both.set(w + x, y, cls == 0 ? (g / 2 << 16) | (g / 2 << 8) | g / 2 : colours[cls % colours.length]);
            }
        }
        ImageFiles.save(new ImagePlus("cover", both), cover);
    }
}
