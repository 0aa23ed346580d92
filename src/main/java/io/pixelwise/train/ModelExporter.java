package io.pixelwise.train;

import io.pixelwise.io.AtomicFiles;
import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.Sessions;
import io.pixelwise.zoo.ZooPackageWriter;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a model folder: an inference-only SavedModel (a fresh graph holding just the U-Net in inference mode and a
 * softmax, so no optimiser state ships), its description ({@code rdf.yaml}, the BioImage Model Zoo's format with
 * Pixelwise's descriptor under {@code config.pixelwise}) and the model card.
 */
public final class ModelExporter {

    public static final String INPUT = "image";
    public static final String OUTPUT = "probabilities";
    public static final String CARD = "MODEL.md";

    private ModelExporter() {
    }

    /**
     * What the descriptor says about the network: its architecture, the size divisor and halo tiling needs, and for
     * a 3D network the z axis of its tensors and the depths it accepts (multiples of the divisor).
     */
    public static void describe(UNet.Config c, ModelDescriptor.Builder d) {
        d.network = c.toDescriptor();
        d.size_divisor = c.sizeDivisor();
        d.halo = c.halo();
        if (c.dimensions() == 3) {
            d.input = d.input.withAxes("bzyxc").withDepths(c.sizeDivisor(), c.sizeDivisor());
            d.output = d.output.withAxes("bzyxc");
        }
    }

    public static void export(UNet.Config c, Map<String, float[]> weights, ModelDescriptor descriptor, String card,
                              Path dir) throws IOException {
        if (Files.exists(dir.resolve("saved_model.pb"))) {
            throw new IOException("Model folder " + dir + " already holds a model; choose a new folder");
        }
        if (descriptor.network == null || descriptor.size_divisor != c.sizeDivisor() || descriptor.halo != c.halo()) {
            throw new IllegalArgumentException("the descriptor of model " + dir + " does not describe its network "
                    + "(make it with ModelExporter.describe)");
        }
        Files.createDirectories(dir);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(c.inputShape()));
            List<TFloat32> tensors = new ArrayList<>();
            try (Session s = new Session(g, Sessions.config(0, 0))) {
                Session.Runner assign = s.runner();
                UNet.Weights trained = w -> {
                    float[] v = weights.get(w.name());
                    if (v == null) {
                        throw new IllegalArgumentException("no trained value for weight " + w.name());
                    }
                    Variable<TFloat32> var = tf.withName(w.name()).variable(w.shape(), TFloat32.class);
                    Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
                    TFloat32 t = TFloat32.tensorOf(w.shape(), DataBuffers.of(v, true, false));
                    tensors.add(t);
                    assign.feed(p, t).addTarget(tf.assign(var, p));
                    return var;
                };
                Operand<TFloat32> logits = UNet.build(tf, input, c, UNet.Mode.INFERENCE, trained).logits();
                Operand<TFloat32> probs = tf.withName(OUTPUT).nn.softmax(logits);
                assign.run().close();
                Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input(INPUT, input)
                        .output(OUTPUT, probs).build();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
            } finally {
                tensors.forEach(TFloat32::close);
            }
        }
        ModelDescriptors.checkMade(descriptor, dir.toString());
        ZooPackageWriter.writeFolderDescription(descriptor, TensorFlow.version(), dir);
        AtomicFiles.writeString(dir.resolve(CARD), card);
    }
}
