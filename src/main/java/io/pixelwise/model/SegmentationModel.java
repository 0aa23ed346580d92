package io.pixelwise.model;

import io.pixelwise.zoo.ZooDescriptors;
import io.pixelwise.zoo.ZooPackages;
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
     * Opens a model folder ({@code saved_model.pb}, {@code variables/}, {@code rdf.yaml} or an older
     * {@code pixelwise.json}) and checks that the descriptor and the graph agree.
     *
     * @param intraOpThreads threads per op, 0 = all cores
     * @param interOpThreads concurrent ops, 0 = TensorFlow's choice
     */
    public static SegmentationModel load(Path folder, int intraOpThreads, int interOpThreads) {
        return load(folder, intraOpThreads, interOpThreads, false);
    }

    /**
     * As {@link #load(Path, int, int)}; {@code bf16}: oneDNN's bfloat16 mixed precision ({@link Sessions}).
     * {@code folder} may also be a BioImage Model Zoo package (a .zip or its folder) with TensorFlow weights.
     */
    public static SegmentationModel load(Path folder, int intraOpThreads, int interOpThreads, boolean bf16) {
        boolean modelFolder = Files.isRegularFile(folder.resolve("saved_model.pb"));
        if (!modelFolder && ZooPackages.isPackage(folder)) {
            // TensorFlow holds the graph and weights in memory once loaded: the unpacked copy can go
            try (ZooPackages.Opened p = ZooPackages.open(folder)) {
                return load(folder, p.savedModel(), ZooDescriptors.of(p.rdf()), p.rdf().file().getFileName()
                        .toString(), p.rdf().pixelwise() == null, intraOpThreads, interOpThreads, bf16);
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new ModelException("Model folder not found: " + folder.toAbsolutePath());
        }
        if (!modelFolder) {
            throw new ModelException("Model folder " + folder.toAbsolutePath()
                    + " has no saved_model.pb (expected a TensorFlow SavedModel)");
        }
        boolean json = Files.isRegularFile(folder.resolve(ModelDescriptor.FILE_NAME));
        ModelDescriptor d = Models.descriptor(folder);
        return load(folder, folder, d, json ? ModelDescriptor.FILE_NAME : "rdf.yaml",
                !json && d.network == null, intraOpThreads, interOpThreads, bf16);
    }

    /**
     * @param describedIn the descriptor's file, for messages
     * @param imported    a description made for other software: a signature with one input (output) is used
     *                    whatever its key, as deepImageJ does
     */
    private static SegmentationModel load(Path folder, Path savedModel, ModelDescriptor d, String describedIn,
                                          boolean imported, int intraOpThreads, int interOpThreads, boolean bf16) {
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(savedModel.toString()).withTags(d.tag)
                    .withConfigProto(Sessions.config(intraOpThreads, interOpThreads, bf16)).load();
        } catch (TensorFlowException e) {
            throw new ModelException("TensorFlow could not load the SavedModel in " + folder.toAbsolutePath()
                    + " with tag '" + d.tag + "': " + firstLine(e.getMessage()), e);
        }
        try {
            Signature sig = bundle.signatures().stream().filter(s -> s.key().equals(d.signature)).findFirst()
                    .orElseThrow(() -> new ModelException("Model " + folder + ": signature '" + d.signature
                            + "' named in " + describedIn + " is not in the SavedModel (it has "
                            + bundle.signatures().stream().map(Signature::key).toList() + ")"));
            Signature.TensorDescription in = tensor(sig.getInputs(), d.input.name, imported, folder, "input",
                    d.signature);
            Signature.TensorDescription out = tensor(sig.getOutputs(), d.output.name, imported, folder, "output",
                    d.signature);
            checkTensor(folder, "input", in, d.input.channels, "input.channels", d.input.axes, describedIn);
            checkTensor(folder, "output", out, d.networkChannels(), "classes", d.output.axes, describedIn);
            return new SegmentationModel(folder, d, bundle, in.name, out.name);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** The signature's tensor of that key; an imported model's only one when its key differs from the tensor id. */
    private static Signature.TensorDescription tensor(Map<String, Signature.TensorDescription> all, String key,
                                                      boolean imported, Path folder, String role, String signature) {
        Signature.TensorDescription t = all.get(key);
        if (t == null && imported && all.size() == 1) {
            t = all.values().iterator().next();
        }
        if (t == null) {
            throw new ModelException("Model " + folder + ": " + role + " '" + key + "' is not in signature '"
                    + signature + "' (" + role + "s: " + all.keySet() + ")");
        }
        return t;
    }

    private static void checkTensor(Path folder, String role, Signature.TensorDescription t, int channels,
                                    String field, String axes, String describedIn) {
        if (t.dataType != DataType.DT_FLOAT) {
            throw new ModelException("Model " + folder + ": " + role + " '" + t.name + "' is " + t.dataType
                    + ", expected float32");
        }
        Shape s = t.shape;
        if (!s.isUnknown() && s.numDimensions() != axes.length()) {
            throw new ModelException("Model " + folder + ": " + role + " '" + t.name + "' has shape " + s
                    + ", expected " + axes.length() + " axes (" + axes + ")");
        }
        int c = axes.indexOf('c');
        if (!s.isUnknown() && s.get(c) >= 0 && s.get(c) != channels) {
            throw new ModelException("Model " + folder + ": the graph's " + role + " has " + s.get(c)
                    + " channels but " + describedIn + " says " + channels + " (" + field + ")");
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
     * scores [n, height, width, classes] (probabilities or logits, as the descriptor says). A model whose tensors
     * have another axis order, accept only some sizes, end in per-value zoo operations or give one foreground
     * channel (imported from the BioImage Model Zoo) gets its input reordered and padded (mirrored at the bottom
     * and right) and its output cropped, reordered, processed and made two classes here. For a volumetric model
     * the n planes are one stack, its z axis (mirrored at its end up to a depth the model accepts).
     */
    @Override
    public float[] predict(float[] input, int n, int height, int width) {
        int c = descriptor.input.channels;
        if (input.length != (long) n * height * width * c) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected " + n + "x" + height
                    + "x" + width + "x" + c);
        }
        ModelDescriptor.TensorSpec in = descriptor.input;
        int h = (int) TensorLayout.validSize(height, in.size_min, in.size_step, "a tile side (px)");
        int w = (int) TensorLayout.validSize(width, in.size_min, in.size_step, "a tile side (px)");
        boolean volume = descriptor.volumetric();
        String tile = volume ? "zyxc" : "byxc";
        int d = volume ? (int) TensorLayout.validSize(n, in.depth_min, in.depth_step, "a stack's depth (slices)")
                : n;
        float[] padded = h == height && w == width ? input : TensorLayout.padMirror(input, n, height, width, c, h, w);
        if (d != n) {
            padded = TensorLayout.padPlanesMirror(padded, n, d, h * w * c);
        }
        float[] fed = TensorLayout.reorder(padded, tile, TensorLayout.dataAxes(descriptor.input.axes), d, h, w, c);
        int k = descriptor.networkChannels();
        float[] out = TensorLayout.reorder(run(fed, TensorLayout.shape(descriptor.input.axes, d, h, w, c), d, h, w, k),
                TensorLayout.dataAxes(descriptor.output.axes), tile, d, h, w, k);
        if (d != n) {
            out = java.util.Arrays.copyOf(out, n * h * w * k);
        }
        if (h != height || w != width) {
            out = TensorLayout.crop(out, n, h, w, k, height, width);
        }
        TensorLayout.apply(out, k, descriptor.output.steps);
        return "foreground".equals(descriptor.output.kind) ? TensorLayout.twoClasses(out) : out;
    }

    private float[] run(float[] input, long[] shape, int n, int height, int width, int k) {
        Session.Runner runner = bundle.session().runner();
        boolean trace = device == null;
        if (trace) {
            runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build());
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input, true, false))) {
            runner.feed(inputTensor, x).fetch(outputTensor);
            try (var result = trace ? runner.runAndFetchMetadata() : runner.run()) {
                if (trace) {
                    device = result.getMetadata().map(m -> deviceOf(m.getStepStats().getDevStatsList()))
                            .orElse("CPU");
                }
                TFloat32 y = (TFloat32) result.get(0);
                long expected = (long) n * height * width * k;
                if (y.shape().size() != expected) {
                    throw new ModelException("Model " + folder + " returned shape " + y.shape() + ", expected "
                            + java.util.Arrays.toString(TensorLayout.shape(descriptor.output.axes, n, height, width, k))
                            + " (" + descriptor.output.axes + ")");
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
                        + "the one its descriptor's 'network' section describes");
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
