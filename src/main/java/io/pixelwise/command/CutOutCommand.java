package io.pixelwise.command;

import ij.ImagePlus;
import io.pixelwise.ij.Edits;
import io.pixelwise.io.FileNames;
import io.pixelwise.options.OptionSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/** Cut Out Objects as a SciJava command; the menu entry is {@link CutOutPlugin}'s. */
@Plugin(type = Command.class, label = "Cut Out Objects", headless = true)
public class CutOutCommand extends SpecCommand {

    /** More cutouts than this are saved, never shown: nobody wants hundreds of windows. */
    static final int MAX_SHOWN = 50;

    @Parameter(type = ItemIO.OUTPUT, label = "Cutouts")
    private int count;

    @Override
    protected OptionSpec spec() {
        return CutOutPlugin.SPEC;
    }

    @Override
    public void run() {
        try {
            count = CutOutPlugin.job(image("image"), image("labels"), values()).run(log::info).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** One Cut Out Objects run: the cutouts to show (none when saved to a folder). */
    record Job(ImagePlus image, ImagePlus labels, boolean each, IntPredicate selected, int margin, Path folder,
               boolean overwrite) {
        List<ImagePlus> run(Consumer<String> log) throws IOException {
            String base = FileNames.stem(image.getTitle());
            List<Integer> chosen = Edits.values(labels).stream().filter(selected::test).toList();
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("No chosen label occurs in '" + labels.getTitle() + "'");
            }
            if (folder == null && each && chosen.size() > MAX_SHOWN) {
                throw new IllegalArgumentException(chosen.size() + " cutouts are too many to show; choose a folder "
                        + "to save them to");
            }
            List<ImagePlus> out = new ArrayList<>();
            if (each) {
                for (int l : chosen) {
                    out.add(Edits.cutOut(image, labels, v -> v == l, margin, base + "-" + l));
                }
            } else {
                out.add(Edits.cutOut(image, labels, selected, margin, base + "-cutout"));
            }
            if (folder == null) {
                return out;
            }
            if (!overwrite) {
                for (ImagePlus c : out) {
                    if (java.nio.file.Files.exists(Edits.fileFor(c, folder))) {
                        throw new IOException("Output " + Edits.fileFor(c, folder) + " exists; choose another "
                                + "folder or allow overwriting (nothing was written)");
                    }
                }
            }
            for (ImagePlus c : out) {
                log.accept("Cut Out Objects: wrote " + Edits.save(c, folder, overwrite));
            }
            return List.of();
        }
    }
}
