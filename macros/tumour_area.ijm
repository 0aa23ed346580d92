// Tumour area: segments the lesions in every breast ultrasound scan of a folder and measures each one: area,
// perimeter, largest diameter (Feret) and the fitted ellipse's axes and angle (Plugins > Pixelwise > Measure
// Regions), in mm when a pixel size is known and in pixels otherwise. A scan with no lesion is an answer: 0 lesions.
//
// For each scan IMG it writes to the output folder:
//   IMG-lesions.png              the scan with each lesion's outline (red) and the count written on it, for review
//   IMG-instances-regions.csv    one row per lesion (Measure Regions)
// and summary.csv: file, status (done / skipped / failed), lesions, total and largest lesion area, the largest
// lesion's Feret diameter (longest), its smallest caliper width (MinFeret) and ellipse axes, the unit, and why a
// file failed. A file that cannot be opened or
// segmented is reported and the batch goes on; inputs are only read; existing results are kept unless
// overwrite=true (a skipped scan's summary row is read back from its regions table). Names with spaces and
// parentheses (BUSI's "benign (12).png") work.
//
// Headless: ImageJ -batch tumour_area.ijm "input=/scans output=/out"
// Arguments: input=FOLDER output=FOLDER (needed with -batch)  model=NAME|FOLDER (default breast-lesion-us)
//            pixel=SIZE unit=mm (one pixel size for every scan)  or  sizes=CSV (per file: filename,pixel_size_mm)
//            overwrite=true|false (default false). Values with spaces go in square brackets: input=[/my scans].

var model = "";
var sizes = "";
var pixelSize = 0;
var unitName = "";
var lesions = 0;
var totalArea = 0;
var largestArea = 0;
var largestFeret = NaN;
var largestMinFeret = NaN;
var largestMajor = NaN;
var largestMinor = NaN;
var unit = "";

known = "input,output,model,sizes,pixel,unit,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
model = call("ij.Macro.getValue", args, "model", "breast-lesion-us");
sizes = call("ij.Macro.getValue", args, "sizes", "");
pixelSize = parseFloat(call("ij.Macro.getValue", args, "pixel", "0"));
unitName = call("ij.Macro.getValue", args, "unit", "mm");
overwrite = false;
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") overwrite = true;
if (input == "" || output == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("input= and output= are needed (got input=[" + input + "] output=[" + output + "])");
    input = getDirectory("Folder of breast ultrasound scans");
    output = getDirectory("Output folder (not the scans' folder)");
}
if (isNaN(pixelSize) || pixelSize < 0) fail("pixel= must be a positive pixel size, was " + pixelSize);
if (pixelSize > 0 && sizes != "") fail("give pixel= or sizes=, not both");
input = folder(input);
output = folder(output);
if (!File.isDirectory(input)) fail("input folder not found: " + input);
if (sizes != "" && !File.exists(sizes)) fail("pixel size table not found: " + sizes);
if (input == output) fail("the output folder must differ from the input folder (" + input + ")");
File.makeDirectory(output);
if (!File.isDirectory(output)) fail("cannot create the output folder " + output);

setBatchMode(true);
files = getFileList(input);
Array.sort(files);
summary = "file,status,lesions,total_area,largest_area,largest_feret,largest_min_feret,largest_major,largest_minor,unit,message\n";
done = 0; failed = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
    name = files[i];
    if (endsWith(name, "/") || startsWith(name, ".") || endsWith(toLowerCase(name), ".csv"))
        continue;
    showProgress(i, files.length);
    base = stem(name);
    // Results of an earlier run are kept, and its numbers read back from its table (one it cannot read: done again).
    if (!overwrite && File.exists(output + base + "-lesions.png")) {
        error = summarise(output + base + "-instances-regions.csv");
        if (error == "") {
            summary = summary + row(name, "skipped", "results exist; overwrite=true replaces them");
            skipped++;
            continue;
        }
    }
    error = measure(input, name, output, base);
    if (error == "") {
        summary = summary + row(name, "done", "");
        done++;
    } else {
        summary = summary + csv(name) + ",failed,,,,,,,,," + csv(error) + "\n";
        failed++;
    }
    close("*");
}
if (isOpen("Regions")) close("Regions");
error = call("io.pixelwise.command.MacroFiles.saveText", summary, output + "summary.csv");
if (error != "") fail(error);
print("Tumour area: " + done + " done, " + skipped + " skipped, " + failed + " failed; summary in " + output
      + "summary.csv");

// Segments and measures one scan; sets the lesion globals; returns "" or why it failed.
function measure(input, name, output, base) {
    if (File.length(input + name) == 0) return "empty file";
    before = nImages;
    call("ij.IJ.redirectErrorMessages");
    open(input + name);
    if (nImages == before) return "ImageJ cannot open it as an image";
    image = getTitle();
    if (sizes != "") {
        run("Set Pixel Size from Table...", "table=[" + sizes + "] file=[" + name + "]");
        error = call("io.pixelwise.command.Dialogs.lastError");
        if (error != "") return error;
    } else if (pixelSize > 0) {
        run("Properties...", "unit=" + unitName + " pixel_width=" + pixelSize + " pixel_height=" + pixelSize);
    }
    run("Segment Image...", "model=[" + model + "] class instance rois=Overlay");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    if (!isOpen(base + "-instances")) return "Segment Image made no instance image";
    run("Measure Regions...", "label=[" + base + "-instances] class=[" + base + "-classes] save=[" + output
        + "] overwrite");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "") return error;
    error = summarise(output + base + "-instances-regions.csv");
    if (error != "") return error;
    selectImage(image);
    if (Overlay.size > 0) run("Overlay Options...", "stroke=red width=2 fill=none set apply");
    setFont("SansSerif", 16, "antialiased");
    setColor("yellow");
    label = "" + lesions + " lesion(s)";
    if (lesions > 0) label = label + ", largest " + d2s(largestArea, 1) + " " + unit + "^2";
    Overlay.drawString(label, 8, 24);
    Overlay.show;
    run("Flatten");
    return call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), output + base + "-lesions.png");
}

// Sets the lesion globals from a scan's regions table (Measure Regions' CSV); returns "" or why it cannot.
function summarise(table) {
    n = call("io.pixelwise.command.MacroTables.rows", table);
    if (isNaN(parseInt(n))) return n;
    lesions = parseInt(n);
    unit = call("io.pixelwise.command.MacroTables.unit", table, "Perimeter");
    totalArea = 0; largestArea = 0; largestFeret = NaN; largestMinFeret = NaN; largestMajor = NaN; largestMinor = NaN;
    for (r = 0; r < lesions; r++) {
        area = cell(table, "Area", r);
        totalArea = totalArea + area;
        if (area > largestArea) {
            largestArea = area;
            largestFeret = cell(table, "Feret", r);
            largestMinFeret = cell(table, "MinFeret", r);
            largestMajor = cell(table, "Major", r);
            largestMinor = cell(table, "Minor", r);
        }
    }
    return "";
}

function cell(table, column, r) {
    return parseFloat(call("io.pixelwise.command.MacroTables.value", table, column, "" + r));
}

// A summary row with the lesion globals.
function row(file, status, message) {
    return "" + csv(file) + "," + status + "," + lesions + "," + num(totalArea) + "," + num(largestArea) + ","
        + num(largestFeret) + "," + num(largestMinFeret) + "," + num(largestMajor) + "," + num(largestMinor) + "," + unit + "," + csv(message)
        + "\n";
}

// Ends the macro with a message; under io.pixelwise.cli.RunMacro the run exits with code 1, never a dialog.
function fail(message) {
    print("Tumour area: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Tumour area: " + message);
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

// A number for the summary, to the regions table's 3 decimals; empty where there is none (no lesion: no diameter).
function num(v) {
    if (isNaN(v)) return "";
    return d2s(v, 3);
}

function csv(s) {
    if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0 || indexOf(s, "\n") >= 0)
        return "\"" + replace(s, "\"", "\"\"") + "\"";
    return s;
}
