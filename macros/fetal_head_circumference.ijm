// Fetal head circumference: segments the fetal head in every ultrasound scan of a folder and measures HC, BPD and
// OFD in mm from an ellipse fitted to the head's outline (Plugins > Pixelwise > Measure Regions' ellipse).
//
// The scans' files carry no pixel size, so a CSV table gives it per file (as HC18's pixel_size_and_HC.csv:
// columns filename, pixel_size_mm; see Plugins > Pixelwise > Set Pixel Size from Table). For each scan IMG it
// writes to the output folder:
//   IMG-hc.png                  the scan with the measured ellipse (yellow) and the HC written on it, for review
//   IMG-instances-regions.csv   Measure Regions' row for the head (area, ellipse axes, perimeter, ...)
// and summary.csv: file, status (done / skipped / failed), HC, BPD, OFD (mm), pixel size (mm) and why a file failed.
// HC is the ellipse's perimeter (Ramanujan), BPD its minor and OFD its major axis. A file that cannot be opened,
// is not in the table or has no head is reported and the batch goes on; inputs are only read; existing results are
// kept unless overwrite=true.
//
// Headless: ImageJ -batch fetal_head_circumference.ijm "input=/scans output=/out sizes=/scans/pixel_size.csv"
// Arguments: input=FOLDER output=FOLDER sizes=CSV (needed with -batch)  model=NAME|FOLDER (default fetal-head-us)
//            overwrite=true|false (default false). Values with spaces go in square brackets: input=[/my scans].

// Settings and results that the functions below read and set (macro functions see only "var" globals).
var sizes = "";
var model = "";
var hc = NaN;
var bpd = NaN;
var ofd = NaN;
var pixel = NaN;

known = "input,output,sizes,model,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
sizes = call("ij.Macro.getValue", args, "sizes", "");
model = call("ij.Macro.getValue", args, "model", "fetal-head-us");
overwrite = false;
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") overwrite = true;
if (input == "" || output == "" || sizes == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("input=, output= and sizes= are needed (got input=[" + input + "] output=[" + output + "] sizes=["
             + sizes + "])");
    input = getDirectory("Folder of ultrasound scans");
    output = getDirectory("Output folder (not the scans' folder)");
    sizes = File.openDialog("Pixel size table (CSV: filename, pixel_size_mm)");
}
input = folder(input);
output = folder(output);
if (!File.isDirectory(input)) fail("input folder not found: " + input);
if (!File.exists(sizes)) fail("pixel size table not found: " + sizes);
if (input == output) fail("the output folder must differ from the input folder (" + input + ")");
File.makeDirectory(output);
if (!File.isDirectory(output)) fail("cannot create the output folder " + output);

setBatchMode(true);
files = getFileList(input);
Array.sort(files);
summary = "file,status,HC_mm,BPD_mm,OFD_mm,pixel_size_mm,message\n";
done = 0; failed = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
    name = files[i];
    if (endsWith(name, "/") || startsWith(name, ".") || endsWith(toLowerCase(name), ".csv"))
        continue;
    showProgress(i, files.length);
    base = stem(name);
    if (!overwrite && File.exists(output + base + "-hc.png") && File.exists(output + base + "-instances-regions.csv")) {
        summary = summary + row(name, "skipped", "", "", "", "", "results exist; overwrite=true replaces them");
        skipped++;
        continue;
    }
    error = measure(input, name, output, base);
    if (error == "") {
        summary = summary + row(name, "done", d2s(hc, 2), d2s(bpd, 2), d2s(ofd, 2), d2s(pixel, 6), "");
        done++;
    } else {
        summary = summary + row(name, "failed", "", "", "", "", error);
        failed++;
    }
    close("*");
}
if (isOpen("Regions")) close("Regions");
error = call("io.pixelwise.command.MacroFiles.saveText", summary, output + "summary.csv");
if (error != "") fail(error);
print("Fetal HC: " + done + " done, " + skipped + " skipped, " + failed + " failed; summary in " + output
      + "summary.csv");

// Segments and measures one scan; sets hc, bpd, ofd, pixel; returns "" or why it failed.
function measure(input, name, output, base) {
    if (File.length(input + name) == 0) return "empty file";
    before = nImages;
    call("ij.IJ.redirectErrorMessages");
    open(input + name);
    if (nImages == before) return "ImageJ cannot open it as an image";
    image = getTitle();
    run("Set Pixel Size from Table...", "table=[" + sizes + "] file=[" + name + "]");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    getPixelSize(unit, pixel, pixelHeight);
    run("Segment Image...", "model=[" + model + "] class instance rois=None");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    if (!isOpen(base + "-instances")) return "Segment Image made no instance image";
    run("Measure Regions...", "label=[" + base + "-instances] class=[" + base + "-classes] save=[" + output
        + "] overwrite");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    if (Table.size("Regions") == 0) return "no fetal head found";
    // The largest region is the head (the model keeps one piece per scan).
    best = 0;
    for (r = 1; r < Table.size("Regions"); r++)
        if (Table.get("Pixels", r, "Regions") > Table.get("Pixels", best, "Regions")) best = r;
    hc = Table.get("Ellipse perimeter (" + unit + ")", best, "Regions");
    ofd = Table.get("Major", best, "Regions");
    bpd = Table.get("Minor", best, "Regions");
    cx = Table.get("Ellipse X", best, "Regions") / pixel;
    cy = Table.get("Ellipse Y", best, "Regions") / pixel;
    angle = Table.get("Angle", best, "Regions") * PI / 180;
    if (isNaN(hc)) return "no ellipse fits the segmented head";
    // The ellipse in pixels, from the end points of its major axis (y grows downwards on screen).
    half = ofd / pixel / 2;
    selectImage(image);
    makeEllipse(cx - half * cos(angle), cy + half * sin(angle), cx + half * cos(angle), cy - half * sin(angle),
                bpd / ofd);
    Overlay.addSelection("yellow", 2);
    setFont("SansSerif", 18, "antialiased");
    setColor("yellow");
    Overlay.drawString("HC " + d2s(hc, 1) + " mm   BPD " + d2s(bpd, 1) + " mm   OFD " + d2s(ofd, 1) + " mm", 10, 28);
    Overlay.show;
    run("Select None");
    run("Flatten");
    return call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), output + base + "-hc.png");
}

// Ends the macro with a message; under io.pixelwise.cli.RunMacro the run exits with code 1, never a dialog.
function fail(message) {
    print("Fetal HC: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Fetal HC: " + message);
    exit;
}

function folder(path) {
    path = replace(path, "\\\\", "/");
    if (!endsWith(path, "/")) path = path + "/";
    return path;
}

function stem(name) {
    dot = lastIndexOf(name, ".");
    if (dot > 0) return substring(name, 0, dot);
    return name;
}

function row(file, status, hc, bpd, ofd, pixel, message) {
    return "" + csv(file) + "," + status + "," + hc + "," + bpd + "," + ofd + "," + pixel + "," + csv(message) + "\n";
}

function csv(s) {
    if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0 || indexOf(s, "\n") >= 0)
        return "\"" + replace(s, "\"", "\"\"") + "\"";
    return s;
}
