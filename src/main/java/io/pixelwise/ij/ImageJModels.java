package io.pixelwise.ij;

import ij.IJ;
import io.pixelwise.model.Diagnostics;
import io.pixelwise.model.Models;
import io.pixelwise.model.SegmentationModel;
import io.pixelwise.model.TensorFlowJars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a model by name or folder, also looking in the ImageJ/Fiji installation's {@code models/} folder. */
public final class ImageJModels {

    private static volatile boolean toldFallback;

    private ImageJModels() {
    }

    /**
     * @param intraOpThreads threads inside one op, 0 = all cores
     * @param interOpThreads ops run concurrently, 0 = TensorFlow's choice
     */
    public static SegmentationModel open(String nameOrFolder, int intraOpThreads, int interOpThreads) {
        TensorFlowJars.requireSingle(ImageJModels.class.getClassLoader());
        tellCpuFallback();
        return SegmentationModel.load(resolve(nameOrFolder), intraOpThreads, interOpThreads);
    }

    /** The folder of an installed model name or a model folder. */
    public static Path resolve(String nameOrFolder) {
        return Models.resolve(nameOrFolder, dirs());
    }

    /**
     * With TensorFlow's CUDA build where no GPU can be used, says once (per session, not per image of a batch) in
     * the Log that work runs on the CPU, and why ({@link Diagnostics#cpuFallbackNote()}).
     */
    static void tellCpuFallback() {
        String note = Diagnostics.cpuFallbackNote();
        if (note != null && !toldFallback) {
            toldFallback = true;
            IJ.log(note);
        }
    }

    /** Names of the installed models, for dialogs. */
    public static List<String> available() {
        return Models.available(dirs());
    }

    private static List<Path> dirs() {
        List<Path> dirs = new ArrayList<>();
        String home = IJ.getDirectory("imagej");
        if (home != null) {
            dirs.add(Path.of(home, "models"));
        }
        return dirs;
    }
}
