package io.pixelwise.command;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import io.pixelwise.ij.ImageJModels;
import io.pixelwise.model.Diagnostics;
import io.pixelwise.model.ModelException;
import io.pixelwise.model.Models;

import java.nio.file.Path;
import java.util.Map;

/**
 * Plugins &gt; Pixelwise &gt; Diagnostics: the {@link Diagnostics} report in the Log (text to paste into a forum
 * post) and as the table "Pixelwise Diagnostics", with a 5-second throughput probe of the default model.
 */
public class DiagnosticsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        IJ.showStatus("Pixelwise diagnostics: probing (5 s)...");
        Path model;
        try {
            model = ImageJModels.resolve(Models.DEFAULT);
        } catch (ModelException e) {
            model = null;   // the report says there is no probe
        }
        Map<String, String> report = Diagnostics.report(model, 5);
        IJ.log(Diagnostics.text(report));
        ResultsTable t = new ResultsTable();
        report.forEach((k, v) -> {
            t.incrementCounter();
            t.addValue("Item", k);
            t.addValue("Value", v);
        });
        t.show("Pixelwise Diagnostics");
        IJ.showStatus("Pixelwise diagnostics: in the Log and the table");
    }
}
