// Medical Volumes: organ (or tumour) area per slice and volume per scan, for a folder of 3D scans.
//
// Segments each scan of the input folder (NIfTI .nii / .nii.gz through Pixelwise's reader, or anything ImageJ
// opens: TIFF stacks...; a subfolder is a DICOM series, one file per slice, stacked by ImageJ in slice-position
// order with pixel spacing and slice spacing as calibration) with a Pixelwise model, slice by slice, and writes
// to the output folder:
//   SCAN-classes.nii.gz          the class label volume, same grid, voxel size and orientation as the scan
//   SCAN-classes-classes.csv     area of each class per slice, and its volume ("all" rows), calibrated
//   SCAN-classes-regions.csv     per class and slice: area, perimeter, centroid... and the scan's intensities
//   SCAN-classes-volumes.csv     per class: voxels, volume, slice range, centroid, total and mean intensity
//   SCAN-classes-area-per-slice.png  plot of area per slice per class
// and summary.csv: one row per scan and class (file, status, class, voxels, volume, unit, message); a scan that
// cannot be opened or segmented gets one "failed" row saying why, and the batch goes on. Scans are only read.
// Every file is written under a temporary name and then renamed, the label volume last: a scan that has it is
// skipped unless overwrite=true, so a killed run leaves no half file and its rerun finishes the scan it was on;
// a skipped scan's summary rows have its volumes, read back from its classes table.
//
// Run from Plugins > Macros > Run... (asks for the folders) or headless:
//   ImageJ -batch medical_volumes.ijm "input=/data/mri output=/data/out model=hippocampus-mri"
// Arguments: input=FOLDER  output=FOLDER  model=NAME|FOLDER (default hippocampus-mri)  overwrite=true|false
// Values with spaces go in square brackets: input=[/data/my scans].

known = "input,output,model,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
model = call("ij.Macro.getValue", args, "model", "hippocampus-mri");
overwrite = call("ij.Macro.getValue", args, "overwrite", "false");
if (overwrite == "true") overwrite = true; else overwrite = false;
if (input == "" || output == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("input= and output= are needed (got input=[" + input + "] output=[" + output + "])");
    input = getDirectory("Folder of scans");
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
summary = "file,status,class,voxels,volume,unit,message\n";
done = 0; failed = 0; skipped = 0;
for (i = 0; i < files.length; i++) {
    name = files[i];
    if (startsWith(name, "."))
        continue;
    series = endsWith(name, "/");
    if (series) name = substring(name, 0, lengthOf(name) - 1);
    showProgress(i, files.length);
    base = stem(name);
    labels = output + base + "-classes.nii.gz";
    volumes = output + base + "-classes-classes.csv";
    // Results of an earlier run are kept, and its volumes read back from its table (one it cannot read: done again).
    if (File.exists(labels) && !overwrite) {
        rows = classVolumes(name, "skipped", volumes, "outputs exist; overwrite=true replaces them");
        if (rows != "") {
            summary = summary + rows;
            skipped++;
            continue;
        }
    }
    if (!series && File.length(input + name) == 0) {
        summary = summary + row(name, "failed", "", "", "", "", "empty file");
        failed++;
        continue;
    }
    before = nImages;
    lower = toLowerCase(name);
    if (series) {
        call("ij.IJ.redirectErrorMessages");
        File.openSequence(input + name + "/", " sort");
    } else if (endsWith(lower, ".nii") || endsWith(lower, ".nii.gz")) {
        run("NIfTI Volume (Pixelwise)...", "open=[" + input + name + "]");
    } else {
        call("ij.IJ.redirectErrorMessages");
        open(input + name);
    }
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (nImages == before) {
        if (error == "") error = "ImageJ cannot open it as an image";
        summary = summary + row(name, "failed", "", "", "", "", error);
        failed++;
        continue;
    }
    scan = getTitle();
    if (series) {
        rename(name);
        scan = name;
    }
    run("Segment Image...", "model=[" + model + "] class rois=None");
    error = call("io.pixelwise.command.Dialogs.lastError");
    if (error != "" || !isOpen(base + "-classes")) {
        if (error == "") error = "Segment Image made no class image";
        summary = summary + row(name, "failed", "", "", "", "", error);
        failed++;
        close("*");
        continue;
    }
    run("Measure Regions...", "label=[" + base + "-classes] intensity=[" + scan + "] class=[" + base
        + "-classes] save=[" + output + "] overwrite");
    error = call("io.pixelwise.command.Dialogs.lastError");
    // The label volume last: a scan that has it is done (a killed run's tables are written again).
    if (error == "") {
        selectImage(base + "-classes");
        run("Save NIfTI (Pixelwise)...", "save=[" + labels + "] overwrite");
        error = call("io.pixelwise.command.Dialogs.lastError");
    }
    if (error != "") {
        summary = summary + row(name, "failed", "", "", "", "", error);
        failed++;
    } else {
        rows = classVolumes(name, "done", volumes, "");
        if (rows == "") {
            summary = summary + row(name, "failed", "", "", "", "", call("io.pixelwise.command.MacroTables.rows",
                                                                           volumes));
            failed++;
        } else {
            summary = summary + rows;
            done++;
        }
    }
    close("*");
}
tables = newArray("Regions", "Region volumes", "Region classes");
for (k = 0; k < tables.length; k++)
    if (isOpen(tables[k])) close(tables[k]);
error = call("io.pixelwise.command.MacroFiles.saveText", summary, output + "summary.csv");
if (error != "") fail(error);
print("Medical Volumes: " + done + " done, " + skipped + " skipped, " + failed + " failed; summary in "
      + output + "summary.csv");

// Summary rows from a scan's classes table (Measure Regions' CSV): its "all" rows hold each class's volume; ""
// when the table cannot be read.
function classVolumes(file, status, table, message) {
    n = call("io.pixelwise.command.MacroTables.rows", table);
    if (isNaN(parseInt(n))) return "";
    unit = call("io.pixelwise.command.MacroTables.unit", table, "Volume");
    rows = "";
    for (r = 0; r < parseInt(n); r++) {
        slice = cell(table, "Slice", r);
        if (slice == "all") {
            voxels = d2s(parseFloat(cell(table, "Pixels", r)), 0);
            volume = d2s(parseFloat(cell(table, "Volume", r)), 3);
            rows = rows + row(file, status, cell(table, "Class", r), voxels, volume, unit, message);
        }
    }
    if (rows == "") rows = row(file, status, "", "0", "0", unit, "no voxel of any object class");
    return rows;
}

function cell(table, column, r) {
    return call("io.pixelwise.command.MacroTables.value", table, column, "" + r);
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

function row(file, status, cls, voxels, volume, unit, message) {
    return "" + csv(file) + "," + status + "," + csv(cls) + "," + voxels + "," + volume + "," + unit + ","
        + csv(message) + "\n";
}

function csv(s) {
    if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0 || indexOf(s, "\n") >= 0)
        return "\"" + replace(s, "\"", "\"\"") + "\"";
    return s;
}

// Ends the macro with a message; under io.pixelwise.cli.RunMacro the run exits with code 1, never a dialog.
function fail(message) {
    print("Medical Volumes: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Medical Volumes: " + message);
    exit;
}
