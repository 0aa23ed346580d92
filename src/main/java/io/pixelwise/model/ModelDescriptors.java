package io.pixelwise.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.pixelwise.io.AtomicFiles;
import io.pixelwise.io.JsonKeys;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * Checks Pixelwise's model descriptor, whichever file carries it: the {@code config.pixelwise} section of a model's
 * {@code rdf.yaml} ({@link #fromMap}, {@link #toMap}), or an older model folder's {@code pixelwise.json}.
 */
public final class ModelDescriptors {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelDescriptors() {
    }

    public static ModelDescriptor read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException("Model descriptor not found: " + file + " (every model folder needs a "
                    + ModelDescriptor.FILE_NAME + ")");
        }
        JsonElement json;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            json = JsonParser.parseReader(r);
        } catch (JsonParseException | IOException e) {
            throw new ModelException("Model descriptor " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        return parse(json, file.toString());
    }

    /** A descriptor given as a map (the {@code config.pixelwise} section of a zoo description), checked. */
    public static ModelDescriptor fromMap(java.util.Map<String, Object> map, String where) {
        return parse(GSON.toJsonTree(map), where);
    }

    private static ModelDescriptor parse(JsonElement json, String where) {
        if (json == null || json.isJsonNull()) {
            throw new ModelException("Model descriptor " + where + " is empty");
        }
        String unknown = JsonKeys.unknown(json, ModelDescriptor.Builder.class);
        if (unknown != null) {
            throw new ModelException("Model descriptor " + where + ": " + unknown);
        }
        ModelDescriptor d;
        try {
            d = GSON.fromJson(json, ModelDescriptor.Builder.class).build();
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            // Gson reports a malformed number as NumberFormatException, a wrong token as IllegalStateException.
            throw new ModelException("Model descriptor " + where + " does not fit Pixelwise's descriptor: "
                    + e.getMessage(), e);
        }
        check(d, where);
        return d;
    }

    /** The descriptor as a map, for a zoo description's {@code config.pixelwise}. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> toMap(ModelDescriptor d) {
        // whole numbers stay whole (Long), so the YAML says 16, not 16.0
        return new GsonBuilder().setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LONG_OR_DOUBLE).create()
                .fromJson(GSON.toJson(d), java.util.LinkedHashMap.class);
    }

    /** Checks a descriptor made in code (an imported model's). */
    public static void checkMade(ModelDescriptor d, String where) {
        check(d, where);
    }

    public static void write(ModelDescriptor d, Path file) throws IOException {
        check(d, file.toString());
        AtomicFiles.writeString(file, GSON.toJson(d));
    }

    /** Checks the descriptor on its own; {@link SegmentationModel} checks it against the graph. */
    static void check(ModelDescriptor d, String where) {
        String at = "Model descriptor " + where + ": ";
        if (d.format_version != 1) {
            throw new ModelException(at + "format_version " + d.format_version + " is not supported (expected 1)");
        }
        if (d.input == null || isBlank(d.input.name)) {
            throw new ModelException(at + "'input.name' is missing (the signature's input key)");
        }
        if (d.output == null || isBlank(d.output.name)) {
            throw new ModelException(at + "'output.name' is missing (the signature's output key)");
        }
        for (ModelDescriptor.TensorSpec t : new ModelDescriptor.TensorSpec[] {d.input, d.output}) {
            String sorted = t.axes == null ? "" : t.axes.chars().sorted().mapToObj(c -> "" + (char) c)
                    .reduce("", String::concat);
            if (!sorted.equals("bcxy") && !sorted.equals("bcxyz")) {
                throw new ModelException(at + "axes '" + t.axes + "' of '" + t.name + "' are not supported (expected "
                        + "b, y, x and c in some order, e.g. \"byxc\", \"bcyx\", and z for a volumetric model, e.g. "
                        + "\"bczyx\")");
            }
            if (t.size_min < 0 || t.size_step < 0 || t.depth_min < 0 || t.depth_step < 0) {
                throw new ModelException(at + "size_min, size_step, depth_min and depth_step of '" + t.name
                        + "' must not be negative");
            }
        }
        if (d.input.axes.indexOf('z') >= 0 != d.output.axes.indexOf('z') >= 0) {
            throw new ModelException(at + "input axes '" + d.input.axes + "' and output axes '" + d.output.axes
                    + "' must both have z (a volumetric model) or neither");
        }
        if (d.network != null && d.network.dimensions != (d.volumetric() ? 3 : 2)) {
            throw new ModelException(at + "'network.dimensions' must be 3 for a volumetric model (axes with z) and 2 "
                    + "for any other, was " + d.network.dimensions + " with input axes '" + d.input.axes + "'");
        }
        if (d.volumetric() && d.context_slices > 0) {
            throw new ModelException(at + "a volumetric model sees the whole stack; 'context_slices' must be 0");
        }
        if (d.input.channels < 1) {
            throw new ModelException(at + "'input.channels' must be at least 1, was " + d.input.channels);
        }
        if (d.context_slices < 0 || d.input.channels % (2 * d.context_slices + 1) != 0) {
            throw new ModelException(at + "'context_slices' " + d.context_slices + " needs 'input.channels' to be a "
                    + "multiple of " + (2 * d.context_slices + 1) + " (the planes the network sees), was "
                    + d.input.channels);
        }
        if (!List.of("probabilities", "logits", "foreground", "image").contains(d.output.kind)) {
            throw new ModelException(at + "'output.kind' must be \"probabilities\", \"logits\", \"foreground\" or "
                    + "\"image\", was '" + d.output.kind + "'");
        }
        if (d.classes == null || d.classes.size() < ("image".equals(d.output.kind) ? 1 : 2)) {
            throw new ModelException(at + "'classes' must name at least two classes (background first)");
        }
        if (new HashSet<>(d.classes).size() != d.classes.size()) {
            throw new ModelException(at + "'classes' has duplicate names: " + d.classes);
        }
        if (d.distance_levels != 0) {
            if (d.distance_levels < 2 || d.distance_levels > 127 || d.classes.size() != 2 || d.boundary_class != null
                    || !List.of("probabilities", "logits").contains(d.output.kind)) {
                throw new ModelException(at + "'distance_levels' (" + d.distance_levels + ") must be 2 to 127, for "
                        + "a model of two classes (background, object), no boundary class, and probabilities or "
                        + "logits out");
            }
            if (d.seed_level < 1 || d.seed_level > d.distance_levels) {
                throw new ModelException(at + "'seed_level' must be from 1 to 'distance_levels' ("
                        + d.distance_levels + "), was " + d.seed_level);
            }
        }
        if (d.output.channels != 0 && d.output.channels != d.scoreChannels()) {
            throw new ModelException(at + "'output.channels' is " + d.output.channels + " but " + d.classes.size()
                    + " classes are named" + (d.distance_levels > 0 ? " with " + d.distance_levels
                    + " distance levels (" + d.scoreChannels() + " channels)" : ""));
        }
        if (d.object_classes != null) {
            for (String c : d.object_classes) {
                if (!d.classes.contains(c)) {
                    throw new ModelException(at + "object class '" + c + "' is not one of " + d.classes);
                }
            }
        }
        if (d.boundary_class != null && !d.classes.contains(d.boundary_class)) {
            throw new ModelException(at + "boundary class '" + d.boundary_class + "' is not one of " + d.classes);
        }
        String cleanUp = cleanUpProblem(d.min_object_size, d.min_object_probability, d.outline_inset, d.split_depth);
        if (cleanUp != null) {
            throw new ModelException(at + cleanUp);
        }
        checkNormalization(d.normalization, at);
        if (d.size_divisor < 1) {
            throw new ModelException(at + "'size_divisor' must be at least 1, was " + d.size_divisor);
        }
        if (d.halo < 0 || d.halo % d.size_divisor != 0) {
            throw new ModelException(at + "'halo' must be a non-negative multiple of size_divisor ("
                    + d.size_divisor + "), was " + d.halo);
        }
        if (d.min_tile < d.size_divisor || d.min_tile % d.size_divisor != 0) {
            throw new ModelException(at + "'min_tile' must be a positive multiple of size_divisor ("
                    + d.size_divisor + "), was " + d.min_tile);
        }
    }

    /**
     * What is wrong with the settings that clean up and measure a model's output, or null; a training
     * configuration carries the same settings into the model it makes and checks them here too.
     */
    public static String cleanUpProblem(long minObjectSize, double minObjectProbability, double outlineInset,
                                        double splitDepth) {
        if (minObjectSize < 0) {
            return "'min_object_size' must be >= 0, was " + minObjectSize;
        }
        if (!(minObjectProbability >= 0 && minObjectProbability < 1)) {
            return "'min_object_probability' must be from 0 (off) to below 1, was " + minObjectProbability;
        }
        if (!(outlineInset >= 0 && outlineInset < 100)) {
            return "'outline_inset' must be from 0 to 100 pixels, was " + outlineInset;
        }
        if (!(splitDepth >= 0)) {
            return "'split_depth' must be >= 0, was " + splitDepth;
        }
        return null;
    }

    private static void checkNormalization(ModelDescriptor.Normalization n, String at) {
        if (n == null) {
            throw new ModelException(at + "'normalization' is missing");
        }
        if (!"plane".equals(n.scope) && !"stack".equals(n.scope)) {
            throw new ModelException(at + "normalization scope must be \"plane\" or \"stack\", was '" + n.scope + "'");
        }
        if ("percentile".equals(n.type)) {
            if (!(0 <= n.low && n.low < n.high && n.high <= 100)) {
                throw new ModelException(at + "percentile normalization needs 0 <= low < high <= 100, was low="
                        + n.low + " high=" + n.high);
            }
        } else if ("mean_std".equals(n.type)) {
            if (!(n.std > 0)) {
                throw new ModelException(at + "mean_std normalization needs std > 0, was " + n.std);
            }
        } else if (!"bioimageio".equals(n.type) || n.steps == null) {
            throw new ModelException(at + "normalization type must be \"percentile\", \"mean_std\" or \"bioimageio\" "
                    + "(with steps), was '" + n.type + "'");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
