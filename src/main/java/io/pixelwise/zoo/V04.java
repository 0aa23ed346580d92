package io.pixelwise.zoo;

import io.pixelwise.zoo.ModelRdf.Axis;
import io.pixelwise.zoo.ModelRdf.Fields;
import io.pixelwise.zoo.ModelRdf.Size;
import io.pixelwise.zoo.ModelRdf.Step;
import io.pixelwise.zoo.ModelRdf.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model format 0.4 read into 0.5's records: the axes string ({@code bcyx}) becomes axes, the shape list / {min,
 * step} / {reference_tensor, scale, offset} becomes size rules, {@code name} the id, the top-level
 * {@code test_inputs}/{@code test_outputs} the tensors' test files, and 0.4's processing (with {@code mode}) the
 * 0.5 operations, as the zoo's own converter maps them.
 */
final class V04 {

    private V04() {
    }

    static List<Tensor> tensors(Fields f, Map<String, Object> top, String field, boolean input) {
        List<Object> list = f.list(top.get(field), field);
        if (list.isEmpty()) {
            throw f.error(field, "at least one tensor is needed");
        }
        List<Object> tests = f.list(top.get(input ? "test_inputs" : "test_outputs"), input ? "test_inputs"
                : "test_outputs");
        if (tests.size() != list.size()) {
            throw f.error(input ? "test_inputs" : "test_outputs", tests.size() + " file(s) for " + list.size()
                    + " tensor(s)");
        }
        Object samplesField = top.get(input ? "sample_inputs" : "sample_outputs");
        List<Object> samples = samplesField == null ? List.of() : f.list(samplesField, "sample_" + field);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            Map<String, Object> t = f.map(list.get(i), at);
            String letters = f.text(t, "axes", at);
            List<Axis> axes = axes(f, t, letters, at, input);
            String procField = input ? "preprocessing" : "postprocessing";
            List<Step> steps = new ArrayList<>();
            List<Object> procs = t.get(procField) == null ? List.of() : f.list(t.get(procField), at + "." + procField);
            for (int p = 0; p < procs.size(); p++) {
                String pat = at + "." + procField + "[" + p + "]";
                Map<String, Object> m = f.map(procs.get(p), pat);
                Map<String, Object> kwargs = m.get("kwargs") == null ? Map.of() : f.map(m.get("kwargs"), pat + ".kwargs");
                steps.add(step(f, f.text(m, "name", pat), kwargs, pat));
            }
            out.add(new Tensor(f.text(t, "name", at), axes, steps, ModelRdf.fileRef(f, tests.get(i), at),
                    i < samples.size() ? ModelRdf.fileRef(f, samples.get(i), "sample_" + field + "[" + i + "]")
                            : null));
        }
        return out;
    }

    private static List<Axis> axes(Fields f, Map<String, Object> t, String letters, String at, boolean input) {
        Object shape = t.get("shape");
        List<Object> halo = t.get("halo") == null ? null : f.list(t.get("halo"), at + ".halo");
        if (halo != null && halo.size() != letters.length()) {
            throw f.error(at + ".halo", halo.size() + " entries for the " + letters.length() + " axes '" + letters + "'");
        }
        List<Axis> axes = new ArrayList<>();
        for (int a = 0; a < letters.length(); a++) {
            char c = letters.charAt(a);
            String type = switch (c) {
                case 'b' -> "batch";
                case 'c' -> "channel";
                case 'i' -> "index";
                case 't' -> "time";
                case 'x', 'y', 'z' -> "space";
                default -> throw f.error(at + ".axes", "unknown axis '" + c + "' in '" + letters + "' (b, c, i, t, x, "
                        + "y, z)");
            };
            String id = type.equals("space") ? String.valueOf(c) : type;
            Size size = size(f, shape, a, letters, at);
            long h = halo == null ? 0 : f.whole(halo.get(a), at + ".halo[" + a + "]", 0);
            List<String> names = List.of();
            if (type.equals("channel")) {
                long n = size instanceof ModelRdf.Fixed fixed ? fixed.value() : -1;
                if (n < 1) {
                    // a channel count given by reference: resolved when the model is opened
                    names = List.of();
                } else {
                    names = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        names.add("channel" + k);
                    }
                }
            }
            axes.add(new Axis(type, id, type.equals("batch") ? new ModelRdf.Free() : size, h, names));
        }
        if (axes.stream().map(Axis::id).distinct().count() != axes.size()) {
            throw f.error(at + ".axes", "an axis appears twice in '" + letters + "'");
        }
        return axes;
    }

    private static Size size(Fields f, Object shape, int a, String letters, String at) {
        if (shape instanceof List<?> l) {
            if (l.size() != letters.length()) {
                throw f.error(at + ".shape", l.size() + " sizes for the " + letters.length() + " axes '" + letters
                        + "'");
            }
            return new ModelRdf.Fixed(f.whole(l.get(a), at + ".shape[" + a + "]", 1));
        }
        Map<String, Object> m = f.map(shape, at + ".shape");
        if (m.containsKey("min")) {
            List<Object> min = f.list(m.get("min"), at + ".shape.min");
            List<Object> step = f.list(m.get("step"), at + ".shape.step");
            if (min.size() != letters.length() || step.size() != letters.length()) {
                throw f.error(at + ".shape", "min and step need one entry per axis of '" + letters + "'");
            }
            long lo = f.whole(min.get(a), at + ".shape.min[" + a + "]", 1);
            long st = f.whole(step.get(a), at + ".shape.step[" + a + "]", 0);
            return st == 0 ? new ModelRdf.Fixed(lo) : new ModelRdf.Parameterized(lo, st);
        }
        String ref = f.text(m, "reference_tensor", at + ".shape");
        List<Object> scale = f.list(m.get("scale"), at + ".shape.scale");
        List<Object> offset = m.get("offset") == null ? null : f.list(m.get("offset"), at + ".shape.offset");
        if (scale.size() != letters.length() || offset != null && offset.size() != letters.length()) {
            throw f.error(at + ".shape", "scale and offset need one entry per axis of '" + letters + "'");
        }
        double off = offset == null ? 0 : f.number(offset.get(a), at + ".shape.offset[" + a + "]");
        if (scale.get(a) == null) {
            return new ModelRdf.Fixed((long) (2 * off));
        }
        char c = letters.charAt(a);
        String axisId = c == 'c' ? "channel" : c == 'b' ? "batch" : c == 'i' ? "index" : c == 't' ? "time"
                : String.valueOf(c);
        return new ModelRdf.Reference(ref, axisId, f.number(scale.get(a), at + ".shape.scale[" + a + "]"),
                (long) (2 * off));
    }

    /** 0.4's operations as 0.5 names them: {@code mode: fixed} means fixed values, axes strings become lists. */
    private static Step step(Fields f, String name, Map<String, Object> kwargs, String at) {
        Map<String, Object> k = new LinkedHashMap<>(kwargs);
        if (k.get("axes") instanceof String s) {
            List<String> ids = new ArrayList<>();
            for (char c : s.toCharArray()) {
                ids.add(c == 'c' ? "channel" : c == 'b' ? "batch" : String.valueOf(c));
            }
            k.put("axes", ids);
        }
        Object mode = k.remove("mode");
        String id = name;
        if (name.equals("zero_mean_unit_variance") && "fixed".equals(mode)) {
            id = "fixed_zero_mean_unit_variance";
        } else if (name.equals("scale_range") && "per_dataset".equals(mode)) {
            throw f.error(at + ".kwargs.mode", "scale_range per_dataset needs the training set's statistics, "
                    + "which the package does not carry; Pixelwise runs per_sample scaling only");
        }
        return ModelRdf.step(f, id, k, at);
    }
}
