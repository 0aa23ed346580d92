// Run by ImageJMacroIT in the ImageJ GUI under Xvfb: checks that every Pixelwise command is in the menus,
// segments the bundled sample with its ROIs on the overlay, and captures the screen.
// Argument: "sample=PATH report=PATH screenshot=PATH [recorder=PATH]".
args = getArgument() + " ";
sample = call("ij.Macro.getValue", args, "sample", "");
report = call("ij.Macro.getValue", args, "report", "");
screenshot = call("ij.Macro.getValue", args, "screenshot", "");
commands = newArray("Segment Image...", "Train Model...", "Measure Regions...", "Filter Regions...",
    "Set Pixel Size from Table...", "Label to ROIs...",
    "ROIs to Labels", "ROIs to Class Labels", "Cut Out Objects...", "Blur Background...", "Evaluate Segmentation...",
    "Diagnostics",
    "Run Model...", "Test Model...", "Export Model to Zoo...",
    "Image (Pixelwise)...", "NIfTI Volume (Pixelwise)...",
    "Save NIfTI (Pixelwise)...");
List.setCommands;
text = "";
for (i = 0; i < commands.length; i++)
    text = text + commands[i] + "\t" + List.get(commands[i]) + "\n";
open(sample);
id = getImageID();
base = substring(getTitle(), 0, lastIndexOf(getTitle(), "."));
run("Segment Image...", "model=nuclei-fluo tile=1024 class instance rois=Overlay");
selectImage(id);
text = text + "overlay\t" + Overlay.size + "\n";
selectImage(base + "-classes");
close();
selectImage(base + "-instances");
setLocation(560, 130);
run("In [+]");
selectImage(id);
setLocation(10, 130);
run("In [+]");
Overlay.drawLabels(false);
wait(1500);
run("Capture Screen");
saveAs("PNG", screenshot);
File.saveString(text, report);
// With recorder=PATH, RecorderCheck records Segment Image run as from the menu once this macro has ended.
recorder = call("ij.Macro.getValue", args, "recorder", "");
if (recorder == "") {
    close("*");
    run("Quit");
} else {
    selectImage(id);
    close("\\Others");
    call("io.pixelwise.it.RecorderCheck.start", getTitle(), recorder);
}

