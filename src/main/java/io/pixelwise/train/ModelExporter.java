package io.pixelwise.train;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
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
 * Writes a model folder: an inference-only SavedModel (a fresh graph holding just the U-Net and a softmax, so no
 * optimiser state ships), {@code pixelwise.json} and the model card.
 */
public final class ModelExporter {

    public static final String INPUT = "image";
    public static final String OUTPUT = "probabilities";

    private ModelExporter() {
    }

    public static void export(UNet.Config c, Map<String, float[]> weights, ModelDescriptor descriptor, String card,
                              Path dir) throws IOException {
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new IOException("Model folder " + dir + " exists and is not empty; choose a new folder");
        }
        Files.createDirectories(dir);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, c.inputChannels())));
            List<Operand<TFloat32>> assigns = new ArrayList<>();
            List<Placeholder<TFloat32>> feeds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            Operand<TFloat32> logits = UNet.logits(tf, input, c, (name, shape, fanIn) -> {
                Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                assigns.add(tf.assign(v, p));
                feeds.add(p);
                names.add(name);
                shapes.add(shape);
                return v;
            });
            Operand<TFloat32> probs = tf.withName(OUTPUT).nn.softmax(logits);
            try (Session s = new Session(g, Sessions.config(0, 0))) {
                var runner = s.runner();
                List<TFloat32> tensors = new ArrayList<>();
                try {
                    for (int i = 0; i < names.size(); i++) {
                        float[] v = weights.get(names.get(i));
                        if (v == null) {
                            throw new IllegalArgumentException("no trained value for weight " + names.get(i));
                        }
                        TFloat32 t = TFloat32.tensorOf(shapes.get(i), DataBuffers.of(v, true, false));
                        tensors.add(t);
                        runner.feed(feeds.get(i), t).addTarget(assigns.get(i));
                    }
                    runner.run().close();
                } finally {
                    tensors.forEach(TFloat32::close);
                }
                Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input(INPUT, input)
                        .output(OUTPUT, probs).build();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
            }
        }
        ModelDescriptors.write(descriptor, dir.resolve(ModelDescriptor.FILE_NAME));
        Files.writeString(dir.resolve("MODEL.md"), card);
    }
}
