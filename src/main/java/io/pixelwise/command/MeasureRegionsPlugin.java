package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.pixelwise.ij.RegionMeasurement;
import io.pixelwise.io.FileNames;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Plugins &gt; Pixelwise &gt; Measure Regions... : measures every region of a label image (optionally the intensities
 * of another image and the classes of a class image) into the Regions, Region volumes and Region classes tables,
 * with a plot of area per slice for stacks; optionally saves them as CSV. Macro keys: labels, intensity, class,
 * save, overwrite.
 */
public class MeasureRegionsPlugin implements PlugIn {

    static final String NONE = "None";
    private static final String COMMAND = "Measure Regions";

    @Override
    public void run(String arg) {
        Dialogs.clearError();
        String[] titles = Dialogs.openTitles("Measure Regions", "a label image");
        if (titles == null) {
            return;
        }
        String[] optional = new String[titles.length + 1];
        optional[0] = NONE;
        System.arraycopy(titles, 0, optional, 1, titles.length);
        GenericDialog gd = new MacroDialog("Measure Regions");
        gd.addChoice("Label image", titles, IJ.getImage().getTitle());
        gd.addChoice("Intensity image", optional, NONE);
        gd.addChoice("Class image", optional, NONE);
        gd.addDirectoryField("Save tables to (optional)", "");
        gd.addCheckbox("Overwrite existing files", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String labelTitle = gd.getNextChoice();
        String intensityTitle = gd.getNextChoice();
        String classTitle = gd.getNextChoice();
        ImagePlus labels = Dialogs.image(COMMAND, labelTitle, "the label image");
        ImagePlus intensity = intensityTitle.equals(NONE) ? null
                : Dialogs.image(COMMAND, intensityTitle, "the intensity image");
        ImagePlus classes = classTitle.equals(NONE) ? null : Dialogs.image(COMMAND, classTitle, "the class image");
        if (labels == null || intensity == null && !intensityTitle.equals(NONE)
                || classes == null && !classTitle.equals(NONE)) {
            return;
        }
        String folder = gd.getNextString();
        boolean overwrite = gd.getNextBoolean();
        try {
            RegionMeasurement.Tables t = RegionMeasurement.measure(labels, intensity, classes);
            t.regions().show("Regions");
            if (t.volumes() != null) {
                t.volumes().show("Region volumes");
            }
            if (t.classes() != null) {
                t.classes().show("Region classes");
            }
            if (t.plot() != null) {
                t.plot().show();
            }
            if (t.note() != null) {
                IJ.log("Measure Regions: " + t.note());
            }
            if (!folder.isBlank()) {
                for (Path p : RegionMeasurement.save(t, Path.of(folder),
                        FileNames.stem(labels.getTitle()), overwrite)) {
                    IJ.log("Measure Regions: wrote " + p);
                }
            }
        } catch (IOException | RuntimeException e) {
            Dialogs.error("Measure Regions", e.getMessage());
        }
    }

}
