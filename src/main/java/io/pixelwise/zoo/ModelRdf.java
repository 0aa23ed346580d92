package io.pixelwise.zoo;

import io.pixelwise.model.ModelException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A BioImage Model Zoo model description ({@code rdf.yaml} / {@code bioimageio.yaml}, format 0.5, or 0.4 read into
 * the same shape), parsed once with SnakeYAML and checked; every error names the file and the field
 * ({@code inputs[0].axes[2]: unknown axis type 'q'}). Only what running and testing a model needs is kept as
 * records, immutable; the whole document stays in {@link #yaml} (read-only) for what Pixelwise does not interpret.
 */
public record ModelRdf(Path file, String formatVersion, String name, String description, List<Tensor> inputs,
                       List<Tensor> outputs, Map<String, Weights> weights, Map<String, Object> pixelwise,
                       Tolerance tolerance, Map<String, Object> yaml) {

    public ModelRdf {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        pixelwise = pixelwise == null ? null : Collections.unmodifiableMap(pixelwise);
        yaml = Collections.unmodifiableMap(yaml);
    }

    /** One axis; {@code type} is batch, channel, index, time or space; {@code id} x, y, z, channel, batch, ... */
    public record Axis(String type, String id, Size size, long halo, List<String> channelNames) {
        public Axis {
            channelNames = List.copyOf(channelNames);
        }

        /** The single letter of the 0.4 axes string: b, c, i, t, or the space axis' id. */
        public char letter() {
            return switch (type) {
                case "batch" -> 'b';
                case "channel" -> 'c';
                case "index" -> 'i';
                case "time" -> 't';
                default -> id.charAt(0);
            };
        }
    }

    /** A size rule: fixed, {@code min + n * step}, or another axis' size (times scales) plus an offset. */
    public sealed interface Size {
    }

    public record Fixed(long value) implements Size {
    }

    public record Parameterized(long min, long step) implements Size {
    }

    public record Reference(String tensor, String axis, double scale, long offset) implements Size {
    }

    /** Any size (a batch axis without a fixed size). */
    public record Free() implements Size {
    }

    /** A pre- or postprocessing operation: its id (0.5 names) and its arguments. */
    public record Step(String id, Map<String, Object> kwargs) {
        public Step {
            kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        }

        /** The steps as the descriptor keeps them ({@code {id, kwargs}} maps), for Normalizer and the output. */
        public static List<Map<String, Object>> asMaps(List<Step> steps) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Step s : steps) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("kwargs", s.kwargs());
                out.add(m);
            }
            return out;
        }
    }

    public record FileRef(String source, String sha256) {
    }

    public record Tensor(String id, List<Axis> axes, List<Step> processing, FileRef testTensor, FileRef sampleTensor) {
        public Tensor {
            axes = List.copyOf(axes);
            processing = List.copyOf(processing);
        }

        public String axesLetters() {
            StringBuilder b = new StringBuilder();
            axes.forEach(a -> b.append(a.letter()));
            return b.toString();
        }

        public int indexOf(char letter) {
            return axesLetters().indexOf(letter);
        }
    }

    public record Weights(String format, FileRef file, String frameworkVersion) {
    }

    /** How far a rerun may be from the test output: {@code |a - b| <= absolute + relative * |b|}. */
    public record Tolerance(double relative, double absolute, double mismatchedPerMillion) {
        public static final Tolerance DEFAULT = new Tolerance(1e-3, 1e-4, 0);
    }

    public static final List<String> FILE_NAMES = List.of("rdf.yaml", "bioimageio.yaml");
    static final Set<String> PROCESSING = Set.of("binarize", "clip", "ensure_dtype", "scale_linear", "sigmoid",
            "zero_mean_unit_variance", "fixed_zero_mean_unit_variance", "scale_range", "scale_mean_variance");

    /** The description file of a package folder: rdf.yaml, bioimageio.yaml or NAME.bioimageio.yaml; null if none. */
    public static Path find(Path folder) throws IOException {
        for (String n : FILE_NAMES) {
            if (Files.isRegularFile(folder.resolve(n))) {
                return folder.resolve(n);
            }
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bioimageio.yaml")).findFirst()
                    .orElse(null);
        }
    }

    public static ModelRdf read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException("Cannot read the model description " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    public static ModelRdf parse(String text, Path file) {
        Object doc;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(4 * 1024 * 1024);
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException | ClassCastException | IllegalArgumentException e) {
            // SnakeYAML itself throws NumberFormatException on some scalars it takes for numbers ("._", found
            // by fuzzing): still a file that is not valid YAML
            throw new ModelException("Model description " + file + " is not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        Fields f = new Fields(file);
        Map<String, Object> top = f.map(doc, "the document");
        String version = f.text(top, "format_version", "");
        String type = f.text(top, "type", "");
        if (!type.equals("model")) {
            throw f.error("type", "expected 'model', was '" + type + "'");
        }
        boolean v04 = version.startsWith("0.4.") || version.startsWith("0.3.");
        if (!v04 && !version.startsWith("0.5.")) {
            throw f.error("format_version", "'" + version + "' is not a model format Pixelwise reads (0.4.x, 0.5.x)");
        }
        String name = f.text(top, "name", "");
        List<Tensor> inputs = v04 ? V04.tensors(f, top, "inputs", true) : tensors(f, top, "inputs", true);
        List<Tensor> outputs = v04 ? V04.tensors(f, top, "outputs", false) : tensors(f, top, "outputs", false);
        checkReferences(f, inputs, outputs);
        Map<String, Weights> weights = weights(f, top);
        Map<String, Object> config = top.get("config") == null ? Map.of() : f.map(top.get("config"), "config");
        Map<String, Object> pixelwise = config.get("pixelwise") == null ? null
                : f.map(config.get("pixelwise"), "config.pixelwise");
        return new ModelRdf(file, version, name, f.optionalText(top, "description"), inputs, outputs, weights,
                pixelwise, tolerance(f, config), top);
    }

    private static List<Tensor> tensors(Fields f, Map<String, Object> top, String field, boolean input) {
        List<Object> list = f.list(top.get(field), field);
        if (list.isEmpty()) {
            throw f.error(field, "at least one tensor is needed");
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            Map<String, Object> t = f.map(list.get(i), at);
            List<Object> axesList = f.list(t.get("axes"), at + ".axes");
            List<Axis> axes = new ArrayList<>();
            for (int a = 0; a < axesList.size(); a++) {
                axes.add(axis(f, f.map(axesList.get(a), at + ".axes[" + a + "]"), at + ".axes[" + a + "]", input));
            }
            checkUnique(f, axes, at + ".axes");
            String procField = input ? "preprocessing" : "postprocessing";
            List<Step> steps = new ArrayList<>();
            List<Object> procs = t.get(procField) == null ? List.of() : f.list(t.get(procField), at + "." + procField);
            for (int p = 0; p < procs.size(); p++) {
                Map<String, Object> m = f.map(procs.get(p), at + "." + procField + "[" + p + "]");
                steps.add(step(f, f.text(m, "id", at + "." + procField + "[" + p + "]"),
                        m.get("kwargs") == null ? Map.of() : f.map(m.get("kwargs"), at + "." + procField + "[" + p
                                + "].kwargs"), at + "." + procField + "[" + p + "]"));
            }
            // a model folder's description has no test tensors; a package's must (Test Model says so)
            out.add(new Tensor(f.text(t, "id", at), axes, steps, t.get("test_tensor") == null ? null
                    : fileRef(f, t.get("test_tensor"), at + ".test_tensor"),
                    t.get("sample_tensor") == null ? null : fileRef(f, t.get("sample_tensor"), at + ".sample_tensor")));
        }
        return out;
    }

    private static Axis axis(Fields f, Map<String, Object> m, String at, boolean input) {
        String type = f.text(m, "type", at);
        String defaultId = switch (type) {
            case "batch", "channel", "index", "time" -> type;
            case "space" -> "x";
            default -> throw f.error(at + ".type", "unknown axis type '" + type + "' (batch, channel, index, time, "
                    + "space)");
        };
        String id = m.get("id") == null ? defaultId : f.text(m, "id", at);
        if (type.equals("space") && !Set.of("x", "y", "z").contains(id)) {
            throw f.error(at + ".id", "unknown axis '" + id + "' (space axes Pixelwise knows: x, y, z)");
        }
        long halo = m.get("halo") == null ? 0 : f.whole(m.get("halo"), at + ".halo", 0);
        if (type.equals("batch")) {
            Object s = m.get("size");
            return new Axis(type, id, s == null ? new Free() : new Fixed(f.whole(s, at + ".size", 1)), 0, List.of());
        }
        if (type.equals("channel")) {
            List<String> names = new ArrayList<>();
            for (Object n : f.list(m.get("channel_names"), at + ".channel_names")) {
                names.add(String.valueOf(n));
            }
            if (names.isEmpty()) {
                throw f.error(at + ".channel_names", "at least one channel is needed");
            }
            return new Axis(type, id, new Fixed(names.size()), 0, names);
        }
        return new Axis(type, id, size(f, m.get("size"), at + ".size"), halo, List.of());
    }

    private static Size size(Fields f, Object s, String at) {
        if (s instanceof Map<?, ?>) {
            Map<String, Object> m = f.map(s, at);
            if (m.containsKey("min")) {
                return new Parameterized(f.whole(m.get("min"), at + ".min", 1), f.whole(m.get("step"), at + ".step", 1));
            }
            return new Reference(f.text(m, "tensor_id", at), f.text(m, "axis_id", at), 1,
                    m.get("offset") == null ? 0 : f.whole(m.get("offset"), at + ".offset", Long.MIN_VALUE));
        }
        return new Fixed(f.whole(s, at, 1));
    }

    private static void checkUnique(Fields f, List<Axis> axes, String at) {
        Set<String> ids = new java.util.HashSet<>();
        for (Axis a : axes) {
            if (!ids.add(a.id())) {
                throw f.error(at, "axis '" + a.id() + "' appears twice");
            }
        }
    }

    static Step step(Fields f, String id, Map<String, Object> kwargs, String at) {
        if (!PROCESSING.contains(id)) {
            throw f.error(at + ".id", "unknown processing '" + id + "' (known: " + String.join(", ",
                    PROCESSING.stream().sorted().toList()) + ")");
        }
        switch (id) {
            case "binarize" -> f.number(kwargs.get("threshold"), at + ".kwargs.threshold");
            case "clip" -> {
                if (kwargs.get("min") == null && kwargs.get("max") == null) {
                    throw f.error(at + ".kwargs", "clip needs min or max");
                }
            }
            case "scale_range" -> {
                double lo = kwargs.get("min_percentile") == null ? 0
                        : f.number(kwargs.get("min_percentile"), at + ".kwargs.min_percentile");
                double hi = kwargs.get("max_percentile") == null ? 100
                        : f.number(kwargs.get("max_percentile"), at + ".kwargs.max_percentile");
                if (!(0 <= lo && lo < hi && hi <= 100)) {
                    throw f.error(at + ".kwargs", "needs 0 <= min_percentile < max_percentile <= 100, was " + lo
                            + ", " + hi);
                }
            }
            case "fixed_zero_mean_unit_variance" -> {
                f.numbers(kwargs.get("mean"), at + ".kwargs.mean");
                f.numbers(kwargs.get("std"), at + ".kwargs.std");
            }
            default -> {
            }
        }
        return new Step(id, kwargs);
    }

    /** Every size reference names a tensor and axis that exist. */
    private static void checkReferences(Fields f, List<Tensor> inputs, List<Tensor> outputs) {
        Map<String, Tensor> byId = new LinkedHashMap<>();
        for (Tensor t : inputs) {
            byId.put(t.id(), t);
        }
        for (Tensor t : outputs) {
            if (byId.put(t.id(), t) != null) {
                throw f.error("outputs", "tensor id '" + t.id() + "' is used twice");
            }
        }
        for (Tensor t : byId.values()) {
            for (Axis a : t.axes()) {
                if (a.size() instanceof Reference r) {
                    Tensor ref = byId.get(r.tensor());
                    if (ref == null || ref.axes().stream().noneMatch(b -> b.id().equals(r.axis()))) {
                        throw f.error(t.id() + ".axes." + a.id() + ".size", "refers to " + r.tensor() + "." + r.axis()
                                + ", which is not described");
                    }
                }
            }
        }
    }

    private static Map<String, Weights> weights(Fields f, Map<String, Object> top) {
        Map<String, Object> w = f.map(top.get("weights"), "weights");
        if (w.isEmpty()) {
            throw f.error("weights", "no weights entry");
        }
        Map<String, Weights> out = new LinkedHashMap<>();
        for (var e : w.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Map<String, Object> m = f.map(e.getValue(), "weights." + e.getKey());
            String version = m.get("tensorflow_version") != null ? String.valueOf(m.get("tensorflow_version"))
                    : m.get("pytorch_version") != null ? String.valueOf(m.get("pytorch_version")) : null;
            out.put(e.getKey(), new Weights(e.getKey(), fileRef(f, m, "weights." + e.getKey()), version));
        }
        return out;
    }

    static FileRef fileRef(Fields f, Object o, String at) {
        if (o instanceof String s) {
            return new FileRef(s, null);
        }
        Map<String, Object> m = f.map(o, at);
        String sha = m.get("sha256") == null ? null : f.text(m, "sha256", at);
        if (sha != null && !sha.matches("[0-9a-fA-F]{64}")) {
            throw f.error(at + ".sha256", "expected 64 hexadecimal digits, was '" + sha + "'");
        }
        return new FileRef(f.text(m, "source", at), sha == null ? null : sha.toLowerCase(Locale.ROOT));
    }

    private static Tolerance tolerance(Fields f, Map<String, Object> config) {
        Object bio = config.get("bioimageio");
        if (!(bio instanceof Map<?, ?>) || !(((Map<?, ?>) bio).get("reproducibility_tolerance") instanceof List<?> l)
                || l.isEmpty() || !(l.get(0) instanceof Map<?, ?>)) {
            return Tolerance.DEFAULT;
        }
        Map<String, Object> t = f.map(l.get(0), "config.bioimageio.reproducibility_tolerance[0]");
        String at = "config.bioimageio.reproducibility_tolerance[0].";
        return new Tolerance(
                t.get("relative_tolerance") == null ? Tolerance.DEFAULT.relative()
                        : f.number(t.get("relative_tolerance"), at + "relative_tolerance"),
                t.get("absolute_tolerance") == null ? Tolerance.DEFAULT.absolute()
                        : f.number(t.get("absolute_tolerance"), at + "absolute_tolerance"),
                t.get("mismatched_elements_per_million") == null ? 0
                        : f.number(t.get("mismatched_elements_per_million"), at + "mismatched_elements_per_million"));
    }

    /** Typed access to YAML values; a wrong or missing value is an error naming the file and the field. */
    static final class Fields {
        private final Path file;

        Fields(Path file) {
            this.file = file;
        }

        ModelException error(String field, String what) {
            return new ModelException("Model description " + file + ": " + field + ": " + what);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object o, String at) {
            if (!(o instanceof Map<?, ?> m)) {
                throw error(at, o == null ? "missing" : "expected a mapping, was " + describe(o));
            }
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw error(at, "key " + k + " is not text");
                }
            }
            return (Map<String, Object>) m;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(Object o, String at) {
            if (!(o instanceof List<?>)) {
                throw error(at, o == null ? "missing" : "expected a list, was " + describe(o));
            }
            return (List<Object>) o;
        }

        String text(Map<String, Object> m, String key, String at) {
            Object o = m.get(key);
            String field = at.isEmpty() ? key : at + "." + key;
            if (o == null) {
                throw error(field, "missing");
            }
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                throw error(field, "expected text, was " + describe(o));
            }
            return String.valueOf(o);
        }

        String optionalText(Map<String, Object> m, String key) {
            return m.get(key) == null ? "" : text(m, key, "");
        }

        long whole(Object o, String at, long min) {
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < min) {
                throw error(at, "expected a whole number" + (min > Long.MIN_VALUE ? " >= " + min : "") + ", was "
                        + describe(o));
            }
            return ((Number) o).longValue();
        }

        double number(Object o, String at) {
            if (!(o instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw error(at, "expected a finite number, was " + describe(o));
            }
            return n.doubleValue();
        }

        double[] numbers(Object o, String at) {
            if (o instanceof List<?> l) {
                double[] v = new double[l.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = number(l.get(i), at + "[" + i + "]");
                }
                return v;
            }
            return new double[] {number(o, at)};
        }

        private static String describe(Object o) {
            return o == null ? "nothing" : o instanceof String s ? "'" + s + "'" : o instanceof Map<?, ?> ? "a mapping"
                    : o instanceof List<?> ? "a list" : String.valueOf(o);
        }
    }
}
