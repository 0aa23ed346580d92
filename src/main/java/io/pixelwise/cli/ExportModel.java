package io.pixelwise.cli;

import io.pixelwise.ij.ZooExport;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.Models;
import io.pixelwise.options.Option;
import io.pixelwise.options.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports Pixelwise models as BioImage Model Zoo packages ({@code NAME.zip}): one model by name or folder, or with
 * {@code --all FOLDER} every model folder in it ({@code mvn package} builds {@code target/bioimageio/} this way).
 */
public final class ExportModel {

    static final OptionSpec SPEC = new OptionSpec("Export Model", List.of(
            Option.model("model", "Model", Models.DEFAULT, "bundled model name or model folder to export"),
            Option.text("all", "All models in", "", "export every model folder in this folder instead"),
            Option.text("out", "Package folder", "bioimageio", "folder the NAME.zip packages are written to")));

    private ExportModel() {
    }

    public static void main(String[] args) {
        NativeLogs.quietOrReturn(ExportModel.class, args);
        try {
            OptionSpec.Values v = Flags.parse("ExportModel", "Writes Pixelwise models as BioImage Model Zoo "
                    + "packages (rdf.yaml, TensorFlow SavedModel, test tensors, cover).", SPEC, null, args).values();
            List<Path> models = new ArrayList<>();
            String all = v.text("all");
            if (!all.isBlank()) {
                try (var s = Files.list(Path.of(all))) {
                    s.filter(Models::isModelFolder).sorted().forEach(models::add);
                }
            } else {
                models.add(Models.resolve(v.text("model"), List.of()));
            }
            Path out = Path.of(v.text("out"));
            for (Path m : models) {
                Path zip = ZooExport.export(m, out.resolve(m.getFileName() + ".zip"));
                System.out.println("ExportModel: " + m + " -> " + zip + " (" + Files.size(zip) / 1024 + " KiB)");
            }
        } catch (Flags.HelpRequested help) {
            System.out.print(help.getMessage());
        } catch (IllegalArgumentException | ModelException | IOException e) {
            System.err.println("ExportModel: " + e.getMessage());
            System.exit(2);
        }
    }
}
