package io.pixelwise.zoo;

import io.pixelwise.model.ModelDescriptor;
import io.pixelwise.model.ModelDescriptors;
import io.pixelwise.model.ModelException;
import io.pixelwise.zoo.ModelRdf.Axis;
import io.pixelwise.zoo.ModelRdf.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Pixelwise's engine needs to know of a zoo model, as a {@link ModelDescriptor}: a package Pixelwise exported
 * carries it whole under {@code config.pixelwise}; for any other it is read off the description: axis order, valid
 * sizes, halo, preprocessing as the normalisation, postprocessing, and whether the output is class scores (several
 * channels), one foreground probability, or an image (Run Model only).
 */
public final class ZooDescriptors {

    private ZooDescriptors() {
    }

    public static ModelDescriptor of(ModelRdf rdf) {
        if (rdf.pixelwise() != null) {
            return ModelDescriptors.fromMap(rdf.pixelwise(), rdf.file() + " (config.pixelwise)");
        }
        String at = "Model description " + rdf.file() + ": ";
        if (rdf.inputs().size() != 1) {
            throw new ModelException(at + "the model takes " + rdf.inputs().size() + " input tensors; Pixelwise runs "
                    + "models with one image input");
        }
        Tensor in = rdf.inputs().get(0);
        Tensor out = rdf.outputs().get(0);
        ModelDescriptor.Builder d = new ModelDescriptor.Builder();
        d.name = rdf.name();
        d.description = rdf.description();
        d.input = new ModelDescriptor.TensorSpec(in.id(), axes(in, "inputs[0]", rdf), channels(in, rdf, in));
        // output channels 0: a foreground model's one channel becomes two classes; the graph is checked instead
        d.output = new ModelDescriptor.TensorSpec(out.id(), axes(out, "outputs[0]", rdf), 0);
        int k = channels(out, rdf, in);
        spatialRules(d, in, rdf);
        long halo = 0;
        for (Axis a : out.axes()) {
            // z needs none: a volumetric model sees the whole stack at once
            if (a.type().equals("space") && !"z".equals(a.id())) {
                halo = Math.max(halo, a.halo());
            }
        }
        d.halo = (int) ((halo + d.size_divisor - 1) / d.size_divisor * d.size_divisor);
        d.normalization = ModelDescriptor.Normalization.bioimageio(ModelRdf.Step.asMaps(in.processing()));
        List<String> names = channelNames(out, k);
        boolean perValue = out.processing().stream().noneMatch(s -> Operations.STATISTICAL.contains(s.id()));
        String kind;
        if (k >= 2 && perValue) {
            kind = "probabilities";
            d.classes = names;
        } else if (k == 1 && perValue && looksLikeProbability(out)) {
            kind = "foreground";
            d.classes = List.of("background", names.get(0));
        } else {
            kind = "image";
            d.classes = names;
        }
        d.output = d.output.withKind(kind, perValue ? ModelRdf.Step.asMaps(out.processing()) : null);
        if (in.indexOf('z') >= 0) {
            // a 3D network's objects are volumes; statistics over z mean over the whole stack
            d.objects_3d = true;
            boolean overZ = in.processing().stream().anyMatch(s -> s.kwargs().get("axes") instanceof List<?> l
                    && l.contains("z"));
            d.normalization = d.normalization.withScope(overZ ? "stack" : "plane");
        }
        ModelDescriptor made = d.build();
        ModelDescriptors.checkMade(made, rdf.file().toString());
        return made;
    }

    /**
     * The b, y, x, c (and z, for a volumetric model) letters of a tensor in its order; other axes (time, index) are
     * not for an image engine.
     */
    private static String axes(Tensor t, String at, ModelRdf rdf) {
        String letters = t.axesLetters();
        String sorted = letters.chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        if (!sorted.equals("bcxy") && !sorted.equals("bcxyz")) {
            throw new ModelException("Model description " + rdf.file() + ": " + at + ".axes are '" + letters
                    + "'; Pixelwise runs models whose tensors have batch, channel, y and x axes (in any order), and z "
                    + "for a volumetric model");
        }
        return letters;
    }

    private static int channels(Tensor t, ModelRdf rdf, Tensor input) {
        Axis c = t.axes().get(t.indexOf('c'));
        if (c.size() instanceof ModelRdf.Fixed f) {
            return (int) f.value();
        }
        if (c.size() instanceof ModelRdf.Reference r && r.tensor().equals(input.id())) {
            Axis ref = input.axes().get(input.indexOf('c'));
            if (ref.size() instanceof ModelRdf.Fixed f) {
                return (int) Math.round(f.value() * r.scale() + r.offset());
            }
        }
        throw new ModelException("Model description " + rdf.file() + ": " + t.id() + "'s channel count is not fixed");
    }

    private static List<String> channelNames(Tensor t, int k) {
        List<String> given = t.axes().get(t.indexOf('c')).channelNames();
        if (given.size() == k && given.stream().distinct().count() == k) {
            return given;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add("class" + i);
        }
        return names;
    }

    /** Valid input sizes of y and x, which Pixelwise's square tiles need to agree. */
    private static void spatialRules(ModelDescriptor.Builder d, Tensor in, ModelRdf rdf) {
        ModelRdf.Size y = in.axes().get(in.indexOf('y')).size();
        ModelRdf.Size x = in.axes().get(in.indexOf('x')).size();
        if (!y.equals(x)) {
            throw new ModelException("Model description " + rdf.file() + ": inputs[0] has size rules y " + y
                    + " and x " + x + "; Pixelwise tiles squares and needs them equal");
        }
        if (in.indexOf('z') >= 0) {
            ModelRdf.Size z = in.axes().get(in.indexOf('z')).size();
            if (z instanceof ModelRdf.Fixed f) {
                d.input = d.input.withDepths(f.value(), 0);
            } else if (z instanceof ModelRdf.Parameterized p) {
                d.input = d.input.withDepths(p.min(), p.step());
            }
        }
        if (y instanceof ModelRdf.Fixed f) {
            d.input = d.input.withSizes(f.value(), 0);
            d.size_divisor = 1;
        } else if (y instanceof ModelRdf.Parameterized p) {
            d.input = d.input.withSizes(p.min(), p.step());
            d.size_divisor = p.min() % p.step() == 0 && p.step() <= 1 << 12 ? (int) p.step() : 1;
        } else {
            d.size_divisor = 1;
        }
        d.min_tile = d.size_divisor;
    }


    /** One channel read as a probability: it ends in sigmoid or binarize, or its name says so. */
    private static boolean looksLikeProbability(Tensor out) {
        boolean bounded = out.processing().stream().anyMatch(s -> s.id().equals("sigmoid") || s.id().equals("binarize"));
        String name = out.axes().get(out.indexOf('c')).channelNames().stream().findFirst().orElse("") + " " + out.id();
        return bounded || name.matches("(?i).*(prob|mask|foreground|segment).*");
    }
}
