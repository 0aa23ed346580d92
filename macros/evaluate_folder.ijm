// Evaluate Folder: scores a folder of predicted label images against a folder of ground-truth label images.
//
// Files are paired by name: instances/X.tif (or classes/X.tif) of a batch_segment.ijm or Batch output folder given
// as the prediction, or X-instances.tif, with X.png, X_mask.png, X_labels.tif, X_gt.tif, ... Writes to the output folder:
//   PRED-evaluation-classes.csv    Dice, IoU, precision, recall and area/volume error per class, pooled
//   PRED-evaluation-instances.csv  per IoU threshold 0.5 ... 0.95: AP = TP/(TP+FP+FN), TP, FP, FN, precision,
//                                  recall, mean matched IoU (labels=instances only)
//   PRED-evaluation-images.csv     one row per image, and every file that could not be paired or scored, with why
// (PRED is the prediction folder's name). Inputs are only read; existing tables are kept unless overwrite=true.
//
// Run from Plugins > Macros > Run... (asks for the folders) or headless:
//   ImageJ -batch evaluate_folder.ijm "prediction=/data/out truth=/data/gt output=/data/eval labels=instances"
// Arguments: prediction=FOLDER truth=FOLDER output=FOLDER labels=instances|classes (default instances)
//   3d=true|false (instances connect across slices; default false)  overwrite=true|false (default false)

known = "prediction,truth,output,labels,3d,overwrite";
unknown = call("io.pixelwise.command.MacroArguments.unknown", getArgument(), known);
if (unknown != "") fail("unknown argument(s) " + unknown + "; the arguments are " + known);
args = getArgument() + " ";
prediction = call("ij.Macro.getValue", args, "prediction", "");
truth = call("ij.Macro.getValue", args, "truth", "");
output = call("ij.Macro.getValue", args, "output", "");
labels = call("ij.Macro.getValue", args, "labels", "instances");
volumes = call("ij.Macro.getValue", args, "3d", "false");
overwrite = call("ij.Macro.getValue", args, "overwrite", "false");
if (prediction == "" || truth == "" || output == "") {
    if (is("Batch Mode") || getArgument() != "")
        fail("prediction=, truth= and output= are needed (got prediction=[" + prediction + "] truth=[" + truth
             + "] output=[" + output + "])");
    prediction = getDirectory("Folder of predicted label images");
    truth = getDirectory("Folder of ground-truth label images");
    output = getDirectory("Folder for the tables");
}
options = "prediction=[" + prediction + "] truth=[" + truth + "] labels=" + labels + " save=[" + output + "]";
if (volumes == "true") options = options + " 3d";
if (overwrite == "true") options = options + " overwrite";
setBatchMode(true);
run("Evaluate Segmentation...", options);
error = call("io.pixelwise.command.Dialogs.lastError");
if (error != "")
    fail(error);
print("Evaluate Folder: tables in " + output);

// Ends the macro with a message; under io.pixelwise.cli.RunMacro the run exits with code 1, never a dialog.
function fail(message) {
    print("Evaluate Folder: " + message);
    call("io.pixelwise.cli.RunMacro.fail", "Evaluate Folder: " + message);
    exit;
}
