package io.pixelwise.command;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacroFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTextLeavingNoTemporaryFile() throws Exception {
        Path csv = dir.resolve("summary.csv");
        Files.writeString(csv, "old");
        assertEquals("", MacroFiles.saveText("file,status\na.png,done\n", csv.toString()));
        assertEquals("file,status\na.png,done\n", Files.readString(csv));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the summary, no temporary file");
        }
    }

    @Test
    void saysWhichFileCannotBeWritten() throws Exception {
        Path notFolder = dir.resolve("a-file");
        Files.writeString(notFolder, "x");
        String target = notFolder.resolve("summary.csv").toString();
        String error = MacroFiles.saveText("text", target);
        assertTrue(error.startsWith("cannot write " + target + ": "), error);
        assertEquals("x", Files.readString(notFolder), "nothing else touched");

        error = MacroFiles.saveImage("-12345", dir.resolve("x.tif").toString());
        assertTrue(error.contains("no open image has the ID '-12345'"), error);
        error = MacroFiles.saveImage("classes", dir.resolve("x.tif").toString());
        assertTrue(error.contains("no open image has the ID 'classes'"), error);
        assertTrue(Files.notExists(dir.resolve("x.tif")));
    }

    @Test
    void savesAMacrosBatchModeImageByItsIdAsTiffOrPng() {
        for (String name : new String[] {"labels.tif", "labels.png"}) {
            Path file = dir.resolve(name);
            String error = IJ.runMacro("setBatchMode(true);\nnewImage('labels', '16-bit black', 7, 5, 1);\n"
                    + "setPixel(3, 2, 42);\nerror = call('io.pixelwise.command.MacroFiles.saveImage', getImageID(), '"
                    + file + "');\nclose();\nreturn error;");
            assertEquals("", error, name);
            ImagePlus back = IJ.openImage(file.toString());
            assertEquals(7, back.getWidth());
            assertEquals(42, back.getProcessor().get(3, 2), name);
        }
    }
}
