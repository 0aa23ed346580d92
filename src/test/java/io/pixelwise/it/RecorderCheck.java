package io.pixelwise.it;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs inside the ImageJ GUI of {@link ImageJMacroIT}: after the calling macro has ended (the recorder ignores
 * commands while a macro runs), starts the Recorder, runs Segment Image the way a menu click does and accepts its
 * dialog with Enter, then replays the line the Recorder wrote as a macro and compares the two instance images.
 * Writes "recorded: LINE" and "same: true|false" to a report file, then quits ImageJ.
 */
public final class RecorderCheck {

    private RecorderCheck() {
    }

    /** Called from the macro as {@code call("io.pixelwise.it.RecorderCheck.start", imageTitle, reportPath)}. */
    public static String start(String title, String report) {
        Thread t = new Thread(() -> {
            StringBuilder out = new StringBuilder();
            try {
                while (Interpreter.getInstance() != null) {
                    Thread.sleep(200);
                }
                Recorder recorder = new Recorder();
                Recorder.record = true;
                IJ.selectWindow(title);
                int before = WindowManager.getImageCount();
                IJ.doCommand("Segment Image...");
                Robot robot = new Robot();
                for (int i = 0; i < 100 && WindowManager.getImageCount() == before; i++) {
                    Thread.sleep(300);
                    if (i % 10 == 5) {
                        robot.keyPress(KeyEvent.VK_ENTER);
                        robot.keyRelease(KeyEvent.VK_ENTER);
                    }
                }
                Thread.sleep(1500);
                String line = Arrays.stream(recorder.getText().split("\n"))
                        .filter(l -> l.startsWith("run(\"Segment Image...\"")).findFirst().orElse("");
                out.append("recorded: ").append(line).append('\n');
                String base = title.substring(0, title.lastIndexOf('.'));
                short[] first = ((short[]) WindowManager.getImage(base + "-instances").getProcessor().getPixels())
                        .clone();
                Recorder.record = false;
                for (String suffix : new String[]{"-instances", "-classes"}) {
                    ImagePlus imp = WindowManager.getImage(base + suffix);
                    if (imp != null) {
                        imp.changes = false;
                        imp.close();
                    }
                }
                IJ.selectWindow(title);
                IJ.runMacro(line);
                short[] again = (short[]) WindowManager.getImage(base + "-instances").getProcessor().getPixels();
                out.append("same: ").append(Arrays.equals(first, again)).append('\n');
            } catch (Exception e) {
                out.append("error: ").append(e).append('\n');
            }
            try {
                Files.writeString(Path.of(report), out.toString());
            } catch (java.io.IOException e) {
                e.printStackTrace();
            }
            System.exit(0);
        }, "RecorderCheck");
        t.start();
        return "started";
    }
}
