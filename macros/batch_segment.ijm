// Batch Segment: segments every image of a folder and measures every object.
//
// For each image IMG of the input folder, writes to the output folder, one subfolder per kind so that every file
// is named after its image (a scorer pairing IMG.png with instances/IMG.tif finds exactly one):
//   classes/IMG.tif          class per pixel (0 = background)
//   instances/IMG.tif        instance labels (one id per object), calibrated like the input
//   rois/IMG.zip             one ROI per object, for the ROI Manager
//   tables/IMG-regions.csv   one row per object: area, perimeter, intensity in each channel... (Measure Regions)
//   tables/IMG-classes.csv   area per class (Measure Regions, from the class image)
// and for the whole folder summary.csv: one row per file with its status (done / skipped / failed), its number
// of objects and, when it was not done, why. A file that cannot be opened or segmented is reported there and the
// batch goes on. Input files are only read. Every file is written under a temporary name and then renamed, so a
// run that is killed leaves no half file; an image whose outputs are all there is skipped unless overwrite=true,
// one with only some of them (a run interrupted between its files) is segmented again. A skipped image's summary
// row has its object count, read back from its instance labels.
//
// Run from Plugins > Macros > Run... (asks for the folders) or headless:
//   ImageJ -batch batch_segment.ijm "input=/data/scans output=/data/out model=nuclei-fluo"
// Arguments (all optional except with -batch, where input and output are needed):
//   input=FOLDER  output=FOLDER  model=NAME|FOLDER (default nuclei-fluo)  tile=N (default 0: from free memory)
//   extra=[more Segment Image options, e.g. split=1 minimum=20, exclude to leave out objects cut by the image's
//   edge, or channels=2 for the nuclear channel of multi-channel images]  ring=N (default 0: also measure a ring N pixels wide around each object, such as the
//   cytoplasm around a nucleus)  overwrite=true|false (default false)
// Values with spaces go in square brackets: input=[/data/my scans].

known = "input,output,model,tile,extra,ring,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
model = call("ij.Macro.getValue", args, "model", "nuclei-fluo");
tile = call("ij.Macro.getValue", args, "tile", "0");
extra = call("ij.Macro.getValue", args, "extra", "");
ring = call("ij.Macro.getValue", args, "ring", "0");
overwrite = call("ij.Macro.getValue", args, "overwrite", "false");
if (overwrite == "true") overwrite = true; else overwrite = false;
if (input == "" || output == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("input= and output= are needed (got input=[" + input + "] output=[" + output + "])");
    input = getDirectory("Folder of images to segment");
    output = getDirectory("Output folder (not the input folder)");
}
input = folder(input);
output = folder(output);
if (!File.isDirectory(input))
    fail("input folder not found: " + input);
if (input == output)
    fail("the output folder must differ from the input folder (" + input + ")");
File.makeDirectory(output);
if (!File.isDirectory(output))
    fail("cannot create the output folder " + output);
kinds = newArray("classes", "instances", "rois", "tables");
for (k = 0; k < kinds.length; k++)
    File.makeDirectory(output + kinds[k]);

setBatchMode(true);
files = getFileList(input);
Array.sort(files);
summary = "file,status,objects,message\n";
done = 0; failed = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
    name = files[i];
    if (endsWith(name, "/") || startsWith(name, "."))
        continue;
    showProgress(i, files.length);
    base = stem(name);
    // The ROI set is not among them: an image without objects has none.
    outputs = newArray("classes/" + base + ".tif", "instances/" + base + ".tif", "tables/" + base + "-regions.csv");
    existing = 0;
    for (k = 0; k < outputs.length; k++)
        if (File.exists(output + outputs[k])) existing++;
    // Results of an earlier run are kept, its object count read back from its instance labels (labels it cannot
    // open: done again).
    if (existing == outputs.length && !overwrite) {
        objects = savedObjects(output + outputs[1]);
        if (!isNaN(objects)) {
            summary = summary + row(name, "skipped", objects, "outputs exist; overwrite=true replaces them");
            skipped++;
            continue;
        }
    }
    if (File.length(input + name) == 0) {
        summary = summary + row(name, "failed", "", "empty file");
        failed++;
        continue;
    }
    before = nImages;
    error = "";
    lower = toLowerCase(name);
    if (endsWith(lower, ".nii") || endsWith(lower, ".nii.gz") || endsWith(lower, ".tif") || endsWith(lower, ".tiff")) {
        // The command line's opener: NIfTI volumes, and a cut-off TIFF is an error rather than zeros filled in.
        run("Image (Pixelwise)...", "open=[" + input + name + "]");
        error = call("io.pixelwise.command.Dialogs.lastError");
    } else {
        call("ij.IJ.redirectErrorMessages");
        open(input + name);
    }
    if (nImages == before) {
        if (error == "") error = "ImageJ cannot open it as an image";
        summary = summary + row(name, "failed", "", error);
        failed++;
        continue;
    }
    image = getTitle();
    roiManager("reset");
    run("Segment Image...", "model=[" + model + "] tile=" + tile + " class instance rois=[ROI Manager] " + extra);
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "" || !isOpen(base + "-instances")) {
        if (error == "") error = "Segment Image made no instance image";
        summary = summary + row(name, "failed", "", error);
        failed++;
        close("*");
        continue;
    }
    selectImage(base + "-instances");
    objects = largestLabel();
    selectImage(base + "-classes");
    error = call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), output + "classes/" + base + ".tif");
    selectImage(base + "-instances");
    if (error == "")
        error = call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), output + "instances/" + base + ".tif");
    if (error == "" && objects > 0)
        error = call("io.pixelwise.command.MacroFiles.saveRois", output + "rois/" + base + ".zip");
    // Measure Regions names its tables after the label image: tables/IMG-regions.csv, written last.
    rename(base);
    if (error == "") {
        run("Measure Regions...", "label=[" + base + "] intensity=[" + image + "] ring=" + ring + " class=[" + base
            + "-classes] save=[" + output + "tables] overwrite");
        error = call("io.pixelwise.command.Dialogs.lastError");
    }
    if (error != "") {
        summary = summary + row(name, "failed", objects, error);
        failed++;
    } else {
        summary = summary + row(name, "done", objects, "");
        done++;
    }
    close("*");
}
roiManager("reset");
tables = newArray("Regions", "Region volumes", "Region classes");
for (k = 0; k < tables.length; k++)
    if (isOpen(tables[k])) close(tables[k]);
error = call("io.pixelwise.command.MacroFiles.saveText", summary, output + "summary.csv");
if (error != "") fail(error);
print("Batch Segment: " + done + " done, " + skipped + " skipped, " + failed + " failed; summary in "
      + output + "summary.csv");

// The number of objects of the active instance label image: labels run 1..n.
function largestLabel() {
    if (nSlices > 1) Stack.getStatistics(voxels, mean, min, max);
    else getStatistics(area, mean, min, max);
    return max;
}

// The number of objects in an instance label file an earlier run wrote; NaN when it cannot be opened.
function savedObjects(path) {
    before = nImages;
    call("ij.IJ.redirectErrorMessages");
    open(path);
    if (nImages == before) return NaN;
    n = largestLabel();
    close();
    return n;
}

function folder(path) {
    path = replace(path, "\\\\", "/");
    if (!endsWith(path, "/")) path = path + "/";
    return path;
}

// The file name without its extension (.nii.gz counts as one), as Segment Image names its outputs.
function stem(name) {
    if (endsWith(toLowerCase(name), ".nii.gz")) return substring(name, 0, lengthOf(name) - 7);
    dot = lastIndexOf(name, ".");
    if (dot > 0) return substring(name, 0, dot);
    return name;
}

function row(file, status, objects, message) {
    return "" + csv(file) + "," + status + "," + objects + "," + csv(message) + "\n";
}

function csv(s) {
    if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0 || indexOf(s, "\n") >= 0)
        return "\"" + replace(s, "\"", "\"\"") + "\"";
    return s;
}

// Ends the macro with a message; under io.pixelwise.cli.RunMacro the run exits with code 1, never a dialog.
function fail(message) {
    print("Batch Segment: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Batch Segment: " + message);
    exit;
}
