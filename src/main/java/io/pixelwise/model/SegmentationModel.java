package io.pixelwise.model;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded model: its descriptor and an open TensorFlow session. The only class that runs a model, and the
 * only place a model folder is opened. Close it to free native memory.
 */
public final class SegmentationModel implements Network, AutoCloseable {

    private final Path folder;
    private final ModelDescriptor descriptor;
    private final SavedModelBundle bundle;
    private final String inputTensor;
    private final String outputTensor;
    private String device;

    private SegmentationModel(Path folder, ModelDescriptor descriptor, SavedModelBundle bundle, String inputTensor,
                              String outputTensor) {
        this.folder = folder;
        this.descriptor = descriptor;
        this.bundle = bundle;
        this.inputTensor = inputTensor;
        this.outputTensor = outputTensor;
    }

    /** Opens a model folder with TensorFlow's default thread pools. */
    public static SegmentationModel load(Path folder) {
        return load(folder, 0, 0);
    }

    /**
     * Opens a model folder ({@code saved_model.pb}, {@code variables/}, {@code pixelwise.json}) and checks that the
     * descriptor and the graph agree.
     *
     * @param intraOpThreads threads per op, 0 = all cores
     * @param interOpThreads concurrent ops, 0 = TensorFlow's choice
     */
    public static SegmentationModel load(Path folder, int intraOpThreads, int interOpThreads) {
        return load(folder, intraOpThreads, interOpThreads, false);
    }

    /** As {@link #load(Path, int, int)}; {@code bf16}: oneDNN's bfloat16 mixed precision ({@link Sessions}). */
    public static SegmentationModel load(Path folder, int intraOpThreads, int interOpThreads, boolean bf16) {
        if (!Files.isDirectory(folder)) {
            throw new ModelException("Model folder not found: " + folder.toAbsolutePath());
        }
        if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            throw new ModelException("Model folder " + folder.toAbsolutePath()
                    + " has no saved_model.pb (expected a TensorFlow SavedModel)");
        }
        ModelDescriptor d = ModelDescriptors.read(folder.resolve(ModelDescriptor.FILE_NAME));
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(folder.toString()).withTags(d.tag)
                    .withConfigProto(Sessions.config(intraOpThreads, interOpThreads, bf16)).load();
        } catch (TensorFlowException e) {
            throw new ModelException("TensorFlow could not load the SavedModel in " + folder.toAbsolutePath()
                    + " with tag '" + d.tag + "': " + firstLine(e.getMessage()), e);
        }
        try {
            Signature sig = bundle.signatures().stream().filter(s -> s.key().equals(d.signature)).findFirst()
                    .orElseThrow(() -> new ModelException("Model " + folder + ": signature '" + d.signature
                            + "' named in " + ModelDescriptor.FILE_NAME + " is not in the SavedModel (it has "
                            + bundle.signatures().stream().map(Signature::key).toList() + ")"));
            Signature.TensorDescription in = sig.getInputs().get(d.input.name);
            if (in == null) {
                throw new ModelException("Model " + folder + ": input '" + d.input.name + "' is not in signature '"
                        + d.signature + "' (inputs: " + sig.inputNames() + ")");
            }
            Signature.TensorDescription out = sig.getOutputs().get(d.output.name);
            if (out == null) {
                throw new ModelException("Model " + folder + ": output '" + d.output.name + "' is not in signature '"
                        + d.signature + "' (outputs: " + sig.outputNames() + ")");
            }
            checkTensor(folder, "input", in, d.input.channels, "input.channels");
            checkTensor(folder, "output", out, d.classes.size(), "classes");
            return new SegmentationModel(folder, d, bundle, in.name, out.name);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static void checkTensor(Path folder, String role, Signature.TensorDescription t, int channels,
                                    String field) {
        if (t.dataType != DataType.DT_FLOAT) {
            throw new ModelException("Model " + folder + ": " + role + " '" + t.name + "' is " + t.dataType
                    + ", expected float32");
        }
        Shape s = t.shape;
        if (!s.isUnknown() && s.numDimensions() != 4) {
            throw new ModelException("Model " + folder + ": " + role + " '" + t.name + "' has shape " + s
                    + ", expected 4 axes (batch, y, x, channel)");
        }
        if (!s.isUnknown() && s.get(3) >= 0 && s.get(3) != channels) {
            throw new ModelException("Model " + folder + ": the graph's " + role + " has " + s.get(3)
                    + " channels but " + ModelDescriptor.FILE_NAME + " says " + channels + " (" + field + ")");
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Runs the network on a batch. {@code input} is [n, height, width, channels] row-major; returns per-class
     * scores [n, height, width, classes] (probabilities or logits, as the descriptor says).
     */
    @Override
    public float[] predict(float[] input, int n, int height, int width) {
        int c = descriptor.input.channels;
        if (input.length != (long) n * height * width * c) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected " + n + "x" + height
                    + "x" + width + "x" + c);
        }
        Session.Runner runner = bundle.session().runner();
        boolean trace = device == null;
        if (trace) {
            runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build());
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, height, width, c), DataBuffers.of(input, true, false))) {
            runner.feed(inputTensor, x).fetch(outputTensor);
            try (var result = trace ? runner.runAndFetchMetadata() : runner.run()) {
                if (trace) {
                    device = result.getMetadata().map(m -> deviceOf(m.getStepStats().getDevStatsList()))
                            .orElse("CPU");
                }
                TFloat32 y = (TFloat32) result.get(0);
                long expected = (long) n * height * width * descriptor.classes.size();
                if (y.shape().size() != expected) {
                    throw new ModelException("Model " + folder + " returned shape " + y.shape() + ", expected ["
                            + n + ", " + height + ", " + width + ", " + descriptor.classes.size() + "]");
                }
                float[] out = new float[(int) expected];
                y.copyTo(DataBuffers.of(out, false, false));
                return out;
            }
        }
    }

    /**
     * Values of named variables of the SavedModel, such as the trained weights a fine-tuning run starts from.
     * Each is read from the model's session by its op name.
     */
    public Map<String, float[]> variables(List<String> names) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : names) {
            if (bundle.graph().operation(name) == null) {
                throw new ModelException("Model " + folder + " has no weight '" + name + "': its network is not "
                        + "the one its " + ModelDescriptor.FILE_NAME + " 'network' section describes");
            }
            try (var r = bundle.session().runner().fetch(name).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                out.put(name, v);
            }
        }
        return out;
    }

    /** "GPU" when any op of the last traced run was placed on a GPU, else "CPU"; null before the first run. */
    @Override
    public String device() {
        return device;
    }

    private static String deviceOf(List<DeviceStepStats> stats) {
        for (DeviceStepStats s : stats) {
            if (s.getDevice().contains("GPU") && s.getNodeStatsCount() > 0) {
                return "GPU (" + s.getDevice().substring(s.getDevice().indexOf("device:") + 7) + ")";
            }
        }
        return "CPU";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        bundle.close();
    }
}
