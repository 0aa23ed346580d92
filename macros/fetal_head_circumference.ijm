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
// kept unless overwrite=true (a skipped scan's summary row is read back from its regions table).
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
var cx = NaN;
var cy = NaN;
var angle = NaN;

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
    // Results of an earlier run are kept, and its numbers read back from its table (one it cannot read: done again).
    if (!overwrite && File.exists(output + base + "-hc.png")) {
        error = summarise(name, output, base);
        if (error == "") {
            summary = summary + row(name, "skipped", hc, bpd, ofd, pixel, "results exist; overwrite=true replaces them");
            skipped++;
            continue;
        }
    }
    error = measure(input, name, output, base);
    if (error == "") {
        summary = summary + row(name, "done", hc, bpd, ofd, pixel, "");
        done++;
    } else {
        summary = summary + row(name, "failed", NaN, NaN, NaN, NaN, error);
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
    run("Segment Image...", "model=[" + model + "] class instance rois=None");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    if (!isOpen(base + "-instances")) return "Segment Image made no instance image";
    run("Measure Regions...", "label=[" + base + "-instances] class=[" + base + "-classes] save=[" + output
        + "] overwrite");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    error = summarise(name, output, base);
    if (error != "") return error;
    // The ellipse in pixels (the centre from the image's unit and origin), from the end points of its major axis
    // (y grows downwards on screen).
    half = ofd / pixel / 2;
    selectImage(image);
    toUnscaled(cx, cy);
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

// Sets hc, bpd, ofd, pixel and the ellipse (cx, cy in the image's unit, angle) from the scan's regions table
// (Measure Regions' CSV) and the pixel size table; returns "" or why it cannot.
function summarise(name, output, base) {
    size = call("io.pixelwise.command.SetPixelSizePlugin.pixelSize", sizes, name);
    pixel = parseFloat(size);
    if (isNaN(pixel)) return size;
    table = output + base + "-instances-regions.csv";
    n = call("io.pixelwise.command.MacroTables.rows", table);
    if (isNaN(parseInt(n))) return n;
    if (parseInt(n) == 0) return "no fetal head found";
    // The largest region is the head (the model keeps one piece per scan).
    best = 0;
    for (r = 1; r < parseInt(n); r++)
        if (cell(table, "Pixels", r) > cell(table, "Pixels", best)) best = r;
    hc = cell(table, "Ellipse perimeter", best);
    ofd = cell(table, "Major", best);
    bpd = cell(table, "Minor", best);
    cx = cell(table, "Ellipse X", best);
    cy = cell(table, "Ellipse Y", best);
    angle = cell(table, "Angle", best) * PI / 180;
    if (isNaN(hc)) return "no ellipse fits the segmented head";
    return "";
}

function cell(table, column, r) {
    return parseFloat(call("io.pixelwise.command.MacroTables.value", table, column, "" + r));
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

// A summary row; numbers to 2 decimals (mm), the pixel size to 6, NaN as empty.
function row(file, status, hc, bpd, ofd, pixel, message) {
    return "" + csv(file) + "," + status + "," + num(hc, 2) + "," + num(bpd, 2) + "," + num(ofd, 2) + ","
        + num(pixel, 6) + "," + csv(message) + "\n";
}

function num(v, decimals) {
    if (isNaN(v)) return "";
    return d2s(v, decimals);
}

function csv(s) {
    if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0 || indexOf(s, "\n") >= 0)
        return "\"" + replace(s, "\"", "\"\"") + "\"";
    return s;
}
