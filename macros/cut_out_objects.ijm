// Cut Out Objects: every object of every image of a folder, as its own image.
//
// Segments each image of the input folder with a Pixelwise model and writes to the output folder:
//   IMG-instances.tif   the instance labels (object n has label n)
//   IMG-N.tif           object N cropped to its bounding box plus a margin, everything outside it cleared to 0
//                       (IMG-N.png with a transparent outside for RGB images)
// and summary.csv: one row per file (file, status, objects, message). A file that cannot be opened or segmented,
// or has no object, is reported there and the batch goes on. Inputs are only read. Every file is written under a
// temporary name and then renamed, IMG-instances.tif last: an image that has it is skipped unless overwrite=true,
// so a run killed while cutting out is finished by the next one, and never leaves a half file. A skipped image's
// summary row has its object count, read back from IMG-instances.tif.
//
// Run from Plugins > Macros > Run... (asks for the folders) or headless:
//   ImageJ -batch cut_out_objects.ijm "input=/data/cells output=/data/cutouts model=nuclei-fluo margin=4"
// Arguments: input=FOLDER  output=FOLDER  model=NAME|FOLDER (default nuclei-fluo)  margin=PIXELS (default 4)
//   overwrite=true|false (default false). Values with spaces go in square brackets: input=[/data/my cells].

known = "input,output,model,margin,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
model = call("ij.Macro.getValue", args, "model", "nuclei-fluo");
margin = call("ij.Macro.getValue", args, "margin", "4");
overwrite = call("ij.Macro.getValue", args, "overwrite", "false");
if (overwrite == "true") overwrite = true; else overwrite = false;
if (input == "" || output == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("input= and output= are needed (got input=[" + input + "] output=[" + output + "])");
    input = getDirectory("Folder of images");
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
    // Results of an earlier run are kept, its object count read back from its instance labels (labels it cannot
    // open: done again).
    if (File.exists(output + base + "-instances.tif") && !overwrite) {
        objects = savedObjects(output + base + "-instances.tif");
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
    call("ij.IJ.redirectErrorMessages");
    open(input + name);
    if (nImages == before) {
        summary = summary + row(name, "failed", "", "ImageJ cannot open it as an image");
        failed++;
        continue;
    }
    image = getTitle();
    run("Segment Image...", "model=[" + model + "] instance rois=None");
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
    if (objects > 0) {
        // Overwrites cut-outs a killed run left: this image has no IMG-instances.tif yet, so none was finished.
        run("Cut Out Objects...", "image=[" + image + "] labels=[" + base + "-instances] cut=[each label] which=[] "
            + "margin=" + margin + " save=[" + output + "] overwrite");
        error = call("io.pixelwise.command.Dialogs.lastError");
    }
    if (error == "") {
        selectImage(base + "-instances");
        error = call("io.pixelwise.command.MacroFiles.saveImage", getImageID(), output + base + "-instances.tif");
    }
    if (error == "" && objects == 0) {
        summary = summary + row(name, "failed", 0, "no object found");
        failed++;
    } else if (error != "") {
        summary = summary + row(name, "failed", objects, error);
        failed++;
    } else {
        summary = summary + row(name, "done", objects, "");
        done++;
    }
    close("*");
}
error = call("io.pixelwise.command.MacroFiles.saveText", summary, output + "summary.csv");
if (error != "") fail(error);
print("Cut Out Objects: " + done + " done, " + skipped + " skipped, " + failed + " failed; summary in "
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
    print("Cut Out Objects: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Cut Out Objects: " + message);
    exit;
}
