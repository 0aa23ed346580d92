package io.pixelwise.cli;

import io.pixelwise.model.ModelException;
import io.pixelwise.model.Models;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;
import io.pixelwise.zoo.ModelTests;
import io.pixelwise.zoo.ZooPackages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The BioImage Model Zoo's model test: runs a package's test input and compares with its test output within the
 * package's reproducibility tolerance; exits 0 when it passes, 1 when it fails, 2 when the package cannot be read.
 */
public final class TestModel {

    static final OptionSpec SPEC = new OptionSpec("Test Model", List.of(
            Option.model("model", "Model package", "", "a zoo package (.zip) or its unpacked folder")));

    private TestModel() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(TestModel.class, args);
        try {
            Flags.Parsed parsed = Flags.parse("TestModel", "Runs a BioImage Model Zoo package's test input and "
                    + "compares with its test output.", SPEC, new String[] {"PACKAGE", "a .zip or folder"}, args);
            String given = parsed.positional().isEmpty() ? parsed.values().text("model") : parsed.positional().get(0);
            ModelTests.Result r = run(Models.resolve(given, List.of()));
            System.out.println("TestModel: " + given + ": " + r.message());
            System.exit(r.passed() ? 0 : 1);
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | ModelException | IOException e) {
            System.err.println("TestModel: " + e.getMessage());
            System.exit(2);
        }
    }

    static ModelTests.Result run(Path pkg) throws IOException {
        if (!ZooPackages.isPackage(pkg)) {
            throw new ModelException(pkg + " is not a BioImage Model Zoo package (a .zip or a folder with rdf.yaml); "
                    + "export a Pixelwise model first with ExportModel");
        }
        try (ZooPackages.Opened p = ZooPackages.open(pkg); SegmentationModel m = SegmentationModel.load(pkg)) {
            return ModelTests.test(p, m);
        }
    }
}
