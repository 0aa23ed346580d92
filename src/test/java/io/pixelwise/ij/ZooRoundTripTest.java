package io.pixelwise.ij;

import ij.ImagePlus;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.pipeline.Pipeline;
import io.pixelwise.progress.Progress;
import io.pixelwise.zoo.ModelRdf;
import io.pixelwise.zoo.ModelTests;
import io.pixelwise.zoo.ZooPackages;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped model through the zoo and back: exported as a package, the package passes the zoo's model test,
 * its rdf.yaml has the 0.5 spec's required fields, and Segment Image on the package gives the labels the model
 * folder gives.
 */
class ZooRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"nuclei-fluo", "fetal-head-us", "breast-lesion-us", "hippocampus-mri"})
    void exportedPackagesTestAndSegmentLikeTheirFolders(String name, @TempDir Path dir) throws Exception {
        Path folder = Path.of("models", name);
        Path zip = ZooExport.export(folder, dir.resolve(name + ".zip"));
        assertTrue(Files.size(zip) > 0);

        try (ZooPackages.Opened p = ZooPackages.open(zip); SegmentationModel m = SegmentationModel.load(zip)) {
            ModelTests.Result r = ModelTests.test(p, m);
            assertTrue(r.passed(), r.message());
            RdfSpecCheck.requiredFields(p.rdf());
            for (ModelRdf.Axis axis : p.rdf().outputs().get(0).axes()) {
                if (axis.type().equals("channel")) {
                    assertEquals(m.descriptor().networkChannels(), axis.channelNames().size(), "a name per channel");
                }
            }
        }
        ImagePlus sample = ImageFiles.open(ZooExport.sample(folder));
        try (SegmentationModel original = SegmentationModel.load(folder);
             SegmentationModel packaged = SegmentationModel.load(zip)) {
            var a = ImageSegmentation.run(sample, original, Pipeline.Settings.defaults(), Progress.NONE);
            var b = ImageSegmentation.run(sample, packaged, Pipeline.Settings.defaults(), Progress.NONE);
            assertEquals(a.summary().objectCounts(), b.summary().objectCounts());
            for (int z = 1; z <= a.classes().getStackSize(); z++) {
                assertTrue(Objects.deepEquals(a.classes().getStack().getPixels(z),
                        b.classes().getStack().getPixels(z)), "class labels of slice " + z);
                assertTrue(Objects.deepEquals(a.instances().getStack().getPixels(z),
                        b.instances().getStack().getPixels(z)), "instance labels of slice " + z);
            }
        }
    }

    /** A model of distance levels: a name per score channel, the test passes, and the package segments as the folder. */
    @org.junit.jupiter.api.Test
    void aDistanceLevelModelExportsEveryLevel(@TempDir Path dir) throws Exception {
        Path folder = io.pixelwise.TestModels.levels(dir.resolve("levels"), 4);
        Path zip = ZooExport.export(folder, dir.resolve("levels.zip"));
        try (ZooPackages.Opened p = ZooPackages.open(zip); SegmentationModel m = SegmentationModel.load(zip)) {
            assertTrue(ModelTests.test(p, m).passed());
            ModelRdf.Axis channels = p.rdf().outputs().get(0).axes().stream()
                    .filter(a -> a.type().equals("channel")).findFirst().orElseThrow();
            assertEquals(List.of("background", "nucleus, level 1", "nucleus, level 2", "nucleus, level 3",
                    "nucleus, level 4+"), channels.channelNames());
            assertEquals(4, m.descriptor().distance_levels);
        }
    }

    /**
     * A 3D U-Net: the package's tensors have z (depths in multiples of the size divisor, the output's z that of the
     * input), its stack-wide normalisation is said over z, y and x, the test passes, and it segments a stack as the
     * folder does.
     */
    @org.junit.jupiter.api.Test
    void aVolumetricModelExportsItsZAxisAndSegmentsStacksLikeItsFolder(@TempDir Path dir) throws Exception {
        Path folder = io.pixelwise.TestModels.export(dir.resolve("volume"),
                new io.pixelwise.train.UNet.Config(1, 3, 2, 4, io.pixelwise.train.UNet.Norm.BATCH, 0, 1, 3));
        Path zip = ZooExport.export(folder, dir.resolve("volume.zip"));
        try (ZooPackages.Opened p = ZooPackages.open(zip); SegmentationModel m = SegmentationModel.load(zip)) {
            ModelTests.Result r = ModelTests.test(p, m);
            assertTrue(r.passed(), r.message());
            RdfSpecCheck.requiredFields(p.rdf());
            assertEquals(List.of("batch", "z", "y", "x", "channel"), p.rdf().inputs().get(0).axes().stream()
                    .map(a -> a.type().equals("space") ? a.id() : a.type()).toList());
            assertEquals("z", p.rdf().outputs().get(0).axes().get(1).id());
            assertTrue(m.descriptor().volumetric());
            assertEquals(2, m.descriptor().input.depth_step);
        }
        ImagePlus stack = ZooExport.synthetic(io.pixelwise.model.Models.descriptor(folder));
        assertEquals(8, stack.getNSlices());
        stack.getStack().deleteLastSlice();                   // 7 slices: the network pads the stack to 8 and cuts
        stack.setDimensions(1, 7, 1);
        try (SegmentationModel original = SegmentationModel.load(folder);
             SegmentationModel packaged = SegmentationModel.load(zip)) {
            var a = ImageSegmentation.run(stack, original, Pipeline.Settings.defaults(), Progress.NONE);
            var b = ImageSegmentation.run(stack, packaged, Pipeline.Settings.defaults(), Progress.NONE);
            assertEquals(7, a.classes().getStackSize());
            for (int z = 1; z <= 7; z++) {
                assertTrue(Objects.deepEquals(a.classes().getStack().getPixels(z),
                        b.classes().getStack().getPixels(z)), "class labels of slice " + z);
            }
        }
    }

    /** The fields and types the 0.5 model spec requires (bioimage-io/spec-bioimage-io, ModelDescr). */
    static final class RdfSpecCheck {
        static void requiredFields(ModelRdf rdf) {
            Map<String, Object> y = rdf.yaml();
            for (String key : List.of("format_version", "type", "name", "description", "authors", "cite", "license",
                    "documentation", "inputs", "outputs", "weights")) {
                assertNotNull(y.get(key), "required field " + key);
            }
            assertTrue(String.valueOf(y.get("format_version")).startsWith("0.5."));
            assertEquals("model", y.get("type"));
            assertTrue(((String) y.get("name")).length() >= 5, "name has at least 5 characters");
            assertTrue(String.valueOf(y.get("documentation")).endsWith(".md"));
            for (Object a : (List<?>) y.get("authors")) {
                assertNotNull(((Map<?, ?>) a).get("name"), "every author has a name");
            }
            for (Object c : (List<?>) y.get("cite")) {
                Map<?, ?> m = (Map<?, ?>) c;
                assertNotNull(m.get("text"), "every citation has a text");
                assertTrue(m.get("doi") != null || m.get("url") != null, "and a doi or url");
            }
            for (ModelRdf.Tensor t : rdf.inputs()) {
                assertNotNull(t.testTensor().sha256(), "test tensors carry a sha256");
            }
            Map<?, ?> w = (Map<?, ?>) ((Map<?, ?>) y.get("weights")).get(ZooPackages.TENSORFLOW);
            assertNotNull(w.get("sha256"));
            assertNotNull(w.get("tensorflow_version"), "TensorFlow weights name their version");
        }
    }
}
