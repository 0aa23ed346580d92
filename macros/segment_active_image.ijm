// Segment the active image with the bundled nuclei model: class image, instance labels, ROIs on the overlay.
// The option keys are those of Plugins > Pixelwise > Segment Image... (the macro recorder writes the same line).
run("Segment Image...", "model=nuclei-fluo tile=0 class instance rois=Overlay threads=0 parallel=0");
print(getTitle() + ": " + Overlay.size + " objects");
