package io.pixelwise.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionMeasurementTest {

    private static final Path SAMPLE_LABELS = Path.of("models/nuclei-fluo/samples/dsb2018-04acab76-labels.png");
    private static final Path HIPPOCAMPUS = Path.of("../shared/data/msd_hippocampus_mri/labelsTr/hippocampus_001.nii.gz");

    @TempDir
    Path dir;

    @Test
    void bundledSampleGroundTruthGivesOneRowPerNucleus() throws IOException {
        ImagePlus labels = ImageFiles.open(SAMPLE_LABELS);
        ImageProcessor ip = labels.getProcessor();
        Set<Integer> ids = new HashSet<>();
        long foreground = 0;
        for (int i = 0; i < ip.getPixelCount(); i++) {
            if (ip.get(i) != 0) {
                ids.add(ip.get(i));
                foreground++;
            }
        }
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, null, null);
        assertEquals(ids.size(), t.regions().size());
        assertEquals(82, t.regions().size(), "the sample's card says 82 nuclei");
        double pixels = 0;
        for (int r = 0; r < t.regions().size(); r++) {
            pixels += t.regions().getValue("Pixels", r);
        }
        assertEquals(foreground, pixels, 0);
        assertNull(t.volumes(), "a single plane has no volumes");
        assertNull(t.plot());
        assertTrue(t.note().contains("no spatial calibration"), t.note());
    }

    /**
     * A user checks the table against ImageJ's own Measure on each object's ROI: area, perimeter, circularity,
     * centroid, bounding box, Feret diameter and the intensity statistics agree, on a calibration with unequal pixel
     * sides and an origin (positions count from it, in ImageJ). Only the ellipse differs by design (ours fits the
     * outline).
     */
    @Test
    void theTableIsImageJsMeasureOnEachObjectsRoi() throws IOException {
        ImagePlus labels = ImageFiles.open(SAMPLE_LABELS);
        ImagePlus intensity = ImageFiles.open(Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png"));
        for (ImagePlus imp : List.of(labels, intensity)) {
            ij.measure.Calibration cal = imp.getCalibration();
            cal.pixelWidth = 0.5;
            cal.pixelHeight = 0.25;
            cal.setUnit("µm");
            cal.xOrigin = 10;
            cal.yOrigin = -4;
        }
        ResultsTable table = RegionMeasurement.measure(labels, intensity, null).regions();
        List<ij.gui.Roi> rois = Rois.fromLabelImage(labels, labels, io.pixelwise.progress.Progress.NONE);
        assertEquals(table.size(), rois.size());
        for (int row = 0; row < table.size(); row++) {
            ij.gui.Roi roi = rois.get(row);
            assertEquals("label-" + (int) table.getValue("Label", row), roi.getName());
            intensity.setRoi(roi);
            ij.process.ImageStatistics st = intensity.getStatistics(ij.measure.Measurements.AREA
                    | ij.measure.Measurements.MEAN | ij.measure.Measurements.MIN_MAX | ij.measure.Measurements.STD_DEV
                    | ij.measure.Measurements.CENTROID | ij.measure.Measurements.RECT);
            String what = roi.getName();
            assertEquals(st.area, table.getValue("Area (µm²)", row), 1e-9, what);
            assertEquals(roi.getLength(), table.getValue("Perimeter (µm)", row), 1e-9, what);
            assertEquals(roi.getFeretValues()[0], table.getValue("Feret", row), 1e-9, what);
            // Analyzer's shape descriptor: 4 pi area / perimeter², at most 1
            assertEquals(Math.min(1, 4 * Math.PI * st.area / (roi.getLength() * roi.getLength())),
                    table.getValue("Circularity", row), 1e-9, what);
            assertEquals(st.xCentroid, table.getValue("X (µm)", row), 1e-9, what);
            assertEquals(st.yCentroid, table.getValue("Y (µm)", row), 1e-9, what);
            assertEquals(st.roiX, table.getValue("BX", row), 1e-9, what);
            assertEquals(st.roiY, table.getValue("BY", row), 1e-9, what);
            assertEquals(st.roiWidth, table.getValue("Width", row), 1e-9, what);
            assertEquals(st.roiHeight, table.getValue("Height", row), 1e-9, what);
            assertEquals(st.mean, table.getValue("Mean", row), 1e-9, what);
            assertEquals(st.min, table.getValue("Min", row), 1e-9, what);
            assertEquals(st.max, table.getValue("Max", row), 1e-9, what);
            assertEquals(st.stdDev, table.getValue("StdDev", row), 1e-9, what);
            // the columns named as Analyze > Measure names them, from Measure itself
            ResultsTable measured = new ResultsTable();
            new ij.plugin.filter.Analyzer(intensity, ij.measure.Measurements.SHAPE_DESCRIPTORS
                    | ij.measure.Measurements.FERET | ij.measure.Measurements.MEDIAN
                    | ij.measure.Measurements.INTEGRATED_DENSITY, measured).measure();
            for (String column : List.of("Solidity", "FeretAngle", "MinFeret", "Median", "IntDen", "RawIntDen")) {
                assertEquals(measured.getValue(column, 0), table.getValue(column, row), 1e-9, what + " " + column);
            }
        }
    }

    /**
     * A two-colour z-stack (a marker in channel 1, the nuclear stain in channel 2): each channel is measured under
     * every nucleus, as ImageJ's Measure gives it on that channel, and the volumes table sums each channel.
     */
    @Test
    void everyChannelOfAMultiChannelIntensityImageIsMeasured() throws IOException {
        ImagePlus nuclei = ImageFiles.open(Path.of("models/nuclei-fluo/samples/dsb2018-04acab76.png"));
        ImagePlus oneLabels = ImageFiles.open(SAMPLE_LABELS);
        int w = nuclei.getWidth();
        int h = nuclei.getHeight();
        ImagePlus twoColour = IJ.createHyperStack("two colour", w, h, 2, 2, 1, 16);
        ImagePlus labels = IJ.createHyperStack("labels", w, h, 1, 2, 1, 16);
        for (int z = 1; z <= 2; z++) {
            ij.process.ImageProcessor marker = twoColour.getStack().getProcessor(twoColour.getStackIndex(1, z, 1));
            ij.process.ImageProcessor stain = twoColour.getStack().getProcessor(twoColour.getStackIndex(2, z, 1));
            for (int i = 0; i < w * h; i++) {
                marker.set(i, (i * 37 + z * 1000) % 4001);
                stain.set(i, nuclei.getProcessor().get(i) * z);
            }
            labels.getStack().setPixels(((short[]) oneLabels.getProcessor().convertToShort(false).getPixels())
                    .clone(), z);
        }
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, twoColour, null);
        ResultsTable table = t.regions();
        assertEquals(-1, table.getColumnIndex("Mean"), "several channels: a column per channel");
        List<ij.gui.Roi> rois = Rois.fromLabelImage(labels, labels, io.pixelwise.progress.Progress.NONE);
        assertEquals(table.size(), rois.size());
        for (int row = 0; row < table.size(); row++) {
            ij.gui.Roi roi = rois.get(row);
            for (int c = 1; c <= 2; c++) {
                twoColour.setPositionWithoutUpdate(c, roi.getZPosition(), 1);
                twoColour.setRoi(roi);
                ij.process.ImageStatistics st = twoColour.getStatistics(ij.measure.Measurements.MEAN
                        | ij.measure.Measurements.MIN_MAX | ij.measure.Measurements.STD_DEV);
                String what = roi.getName() + " slice " + roi.getZPosition() + " channel " + c;
                assertEquals(st.mean, table.getValue("Mean C" + c, row), 1e-9, what);
                assertEquals(st.min, table.getValue("Min C" + c, row), 1e-9, what);
                assertEquals(st.max, table.getValue("Max C" + c, row), 1e-9, what);
                assertEquals(st.stdDev, table.getValue("StdDev C" + c, row), 1e-9, what);
            }
        }
        ResultsTable volumes = t.volumes();
        for (int row = 0; row < volumes.size(); row++) {
            double stain = 0;
            double marker = 0;
            for (int r = 0; r < table.size(); r++) {
                if (table.getValue("Label", r) == volumes.getValue("Label", row)) {
                    marker += table.getValue("Mean C1", r) * table.getValue("Pixels", r);
                    stain += table.getValue("Mean C2", r) * table.getValue("Pixels", r);
                }
            }
            assertEquals(marker, volumes.getValue("Total intensity C1", row), 1e-6);
            assertEquals(stain, volumes.getValue("Total intensity C2", row), 1e-6);
            assertEquals(stain / volumes.getValue("Voxels", row), volumes.getValue("Mean intensity C2", row), 1e-9);
        }
    }

    /**
     * An RGB scan (a colour merge, BUSI's PNGs, a Batch input) is measured in each colour, as ImageJ measures each of
     * its split channels; it used to stop Measure Regions, and with it Batch, after the labels were written.
     */
    @Test
    void anRgbIntensityImageIsMeasuredInEachColour() {
        ImagePlus rgb = IJ.createImage("merge", "RGB black", 30, 20, 1);
        for (int i = 0; i < 600; i++) {
            rgb.getProcessor().set(i, ((i * 7) % 256) << 16 | ((i * 13) % 256) << 8 | (255 - i % 256));
        }
        ImagePlus labels = IJ.createImage("labels", "8-bit black", 30, 20, 1);
        labels.getProcessor().setValue(1);
        labels.getProcessor().fill(new ij.gui.OvalRoi(3, 2, 14, 12));
        labels.getProcessor().setValue(2);
        labels.getProcessor().fill(new ij.gui.Roi(20, 5, 6, 9));
        ResultsTable table = RegionMeasurement.measure(labels, rgb, null).regions();
        ImagePlus[] colours = ij.plugin.ChannelSplitter.split(rgb);
        List<ij.gui.Roi> rois = Rois.fromLabelImage(labels, labels, io.pixelwise.progress.Progress.NONE);
        String[] names = {"red", "green", "blue"};
        for (int row = 0; row < 2; row++) {
            for (int c = 0; c < 3; c++) {
                colours[c].setRoi(rois.get(row));
                ij.process.ImageStatistics st = colours[c].getStatistics(ij.measure.Measurements.MEAN
                        | ij.measure.Measurements.MIN_MAX | ij.measure.Measurements.STD_DEV
                        | ij.measure.Measurements.MEDIAN);
                assertEquals(st.mean, table.getValue("Mean " + names[c], row), 1e-9, names[c]);
                assertEquals(st.min, table.getValue("Min " + names[c], row), 1e-9, names[c]);
                assertEquals(st.max, table.getValue("Max " + names[c], row), 1e-9, names[c]);
                assertEquals(st.stdDev, table.getValue("StdDev " + names[c], row), 1e-9, names[c]);
                assertEquals(st.median, table.getValue("Median " + names[c], row), 1e-9, names[c]);
                assertEquals(st.pixelCount * st.umean, table.getValue("RawIntDen " + names[c], row), 1e-6, names[c]);
            }
        }
    }

    /**
     * A 32-bit ratio image with NaN where it is undefined: the statistics leave NaN out, as ImageJ's Measure does,
     * instead of turning the object's mean into NaN; an object under NaN alone has NaN statistics. Its area stays
     * the label's.
     */
    @Test
    void nanValuesAreLeftOutOfTheIntensitiesAsImageJDoes() {
        ImagePlus ratio = IJ.createImage("ratio", "32-bit black", 20, 10, 2);
        ImagePlus labels = IJ.createImage("labels", "8-bit black", 20, 10, 2);
        for (int z = 1; z <= 2; z++) {
            float[] f = (float[]) ratio.getStack().getPixels(z);
            for (int i = 0; i < f.length; i++) {
                f[i] = i % 3 == 0 ? Float.NaN : i * 0.5f * z;
            }
            var plane = labels.getStack().getProcessor(z);
            plane.setValue(1);
            plane.fill(new ij.gui.Roi(1, 1, 6, 5));
            plane.setValue(2);
            plane.fill(new ij.gui.Roi(12, 3, 1, 1));
        }
        ((float[]) ratio.getStack().getPixels(1))[3 * 20 + 12] = Float.NaN;   // object 2 on slice 1: NaN only
        ((float[]) ratio.getStack().getPixels(2))[3 * 20 + 12] = 7;
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, ratio, null);
        ResultsTable table = t.regions();
        for (int row = 0; row < table.size(); row++) {
            int z = (int) table.getValue("Slice", row);
            boolean first = table.getValue("Label", row) == 1;
            ratio.setSliceWithoutUpdate(z);
            ratio.setRoi(first ? new ij.gui.Roi(1, 1, 6, 5) : new ij.gui.Roi(12, 3, 1, 1));
            ij.process.ImageStatistics st = ratio.getStatistics(ij.measure.Measurements.MEAN
                    | ij.measure.Measurements.MIN_MAX | ij.measure.Measurements.STD_DEV
                    | ij.measure.Measurements.MEDIAN | ij.measure.Measurements.AREA);
            assertEquals(first ? 30 : 1, table.getValue("Pixels", row), "area counts every pixel of the label");
            if (!first && z == 1) {
                assertTrue(Double.isNaN(table.getValue("Mean", row)), "NaN alone: no mean");
                assertTrue(Double.isNaN(table.getValue("Max", row)));
                continue;
            }
            assertEquals(st.mean, table.getValue("Mean", row), 1e-4, "slice " + z);
            assertEquals(st.min, table.getValue("Min", row), 1e-4, "slice " + z);
            assertEquals(st.max, table.getValue("Max", row), 1e-4, "slice " + z);
            assertEquals(st.stdDev, table.getValue("StdDev", row), 1e-4, "slice " + z);
            assertEquals(st.median, table.getValue("Median", row), 1e-4, "slice " + z);
            assertEquals(st.area * st.mean, table.getValue("IntDen", row), 1e-3, "Measure's IntDen: NaN left out");
        }
        ResultsTable volumes = t.volumes();
        assertEquals(7, volumes.getValue("Mean intensity", 1), 1e-9, "object 2: its one value that is not NaN");
        assertEquals(2, volumes.getValue("Voxels", 1));
    }

    /**
     * ring=2: each region's ring is the background within 2 pixels of it, and the table gives its pixel count and
     * its mean in every channel (a marker's cytoplasm around its nucleus); without an intensity image it says so.
     */
    @Test
    void aRingAroundEachRegionIsMeasuredInEveryChannel() {
        int w = 30;
        int h = 20;
        ImagePlus labels = IJ.createImage("nuclei", "8-bit black", w, h, 1);
        labels.getProcessor().setValue(1);
        labels.getProcessor().fill(new ij.gui.Roi(4, 5, 5, 4));
        labels.getProcessor().setValue(2);
        labels.getProcessor().fill(new ij.gui.OvalRoi(18, 6, 7, 7));
        ImagePlus marker = IJ.createHyperStack("marker", w, h, 2, 1, 1, 32);
        for (int i = 0; i < w * h; i++) {
            ((float[]) marker.getStack().getPixels(1))[i] = i % w + 100 * (i / w);
            ((float[]) marker.getStack().getPixels(2))[i] = (i * 7) % 13;
        }
        ResultsTable table = RegionMeasurement.measure(labels, marker, null, 2, io.pixelwise.progress.Progress.NONE)
                .regions();
        for (int row = 0; row < 2; row++) {
            int label = (int) table.getValue("Label", row);
            long pixels = 0;
            double[] sum = new double[2];
            for (int i = 0; i < w * h; i++) {
                if (labels.getProcessor().get(i) != 0) {
                    continue;
                }
                double nearest = Double.MAX_VALUE;
                for (int j = 0; j < w * h; j++) {
                    if (labels.getProcessor().get(j) == label) {
                        nearest = Math.min(nearest, Math.hypot(i % w - j % w, i / w - j / w));
                    }
                }
                if (nearest <= 2) {
                    pixels++;
                    for (int c = 0; c < 2; c++) {
                        sum[c] += ((float[]) marker.getStack().getPixels(c + 1))[i];
                    }
                }
            }
            assertEquals(pixels, table.getValue("Ring pixels", row), "region " + label);
            assertEquals(sum[0] / pixels, table.getValue("Ring mean C1", row), 1e-9, "region " + label);
            assertEquals(sum[1] / pixels, table.getValue("Ring mean C2", row), 1e-9, "region " + label);
        }
        // On a stack each slice's rings are its own: the same nucleus on a second, brighter slice
        ImagePlus stack = IJ.createImage("stack", "8-bit black", w, h, 2);
        ImagePlus values = IJ.createImage("values", "32-bit black", w, h, 2);
        for (int z = 1; z <= 2; z++) {
            var plane = stack.getStack().getProcessor(z);
            plane.setValue(5);
            plane.fill(new ij.gui.Roi(4, 5, 5, 4));
            float[] f = (float[]) values.getStack().getPixels(z);
            for (int i = 0; i < f.length; i++) {
                f[i] = i % w + 1000 * (z - 1);
            }
        }
        ResultsTable perSlice = RegionMeasurement.measure(stack, values, null, 2,
                io.pixelwise.progress.Progress.NONE).regions();
        assertEquals(2, perSlice.size());
        assertEquals(perSlice.getValue("Ring mean", 0) + 1000, perSlice.getValue("Ring mean", 1), 1e-6,
                "slice 2's ring is measured on slice 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionMeasurement.measure(labels, null, null, 2, io.pixelwise.progress.Progress.NONE));
        assertTrue(e.getMessage().contains("is measured in an intensity image"), e.getMessage());
        for (double bad : new double[] {-1, Double.NaN, 257}) {
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> RegionMeasurement.measure(labels, marker, null, bad, io.pixelwise.progress.Progress.NONE));
            assertTrue(width.getMessage().startsWith("A ring is 0 to 256 pixels wide"), width.getMessage());
        }
    }

    /**
     * Each region's nearest neighbour is the nearest other centroid on its own slice, in the unit; a region alone on
     * its slice has none; in Region volumes it is the nearest other object's 3D centroid (voxel depth counted).
     */
    @Test
    void nearestNeighboursAreOnTheSamePlaneAndIn3dForVolumes() {
        ImagePlus labels = IJ.createImage("labels", "8-bit black", 40, 30, 2);
        labels.getCalibration().pixelWidth = 0.5;
        labels.getCalibration().pixelHeight = 0.5;
        labels.getCalibration().pixelDepth = 4;
        labels.getCalibration().setUnit("µm");
        var first = labels.getStack().getProcessor(1);
        first.setValue(1);
        first.fill(new ij.gui.Roi(0, 0, 2, 2));                     // centroid (1, 1) px
        first.setValue(2);
        first.fill(new ij.gui.Roi(6, 8, 2, 2));                     // (7, 9): 10 px from 1
        first.setValue(3);
        first.fill(new ij.gui.Roi(30, 20, 2, 2));                   // (31, 21): far from both
        var second = labels.getStack().getProcessor(2);
        second.setValue(4);
        second.fill(new ij.gui.Roi(0, 0, 2, 2));                    // alone on slice 2, right above label 1
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, null, null);
        ResultsTable table = t.regions();
        java.util.Map<Integer, Double> nearest = new java.util.HashMap<>();
        for (int row = 0; row < table.size(); row++) {
            nearest.put((int) table.getValue("Label", row), table.getValue("Nearest neighbour (µm)", row));
        }
        assertEquals(5.0, nearest.get(1), 1e-9, "10 pixels of 0.5 µm to label 2");
        assertEquals(5.0, nearest.get(2), 1e-9);
        assertEquals(0.5 * Math.hypot(24, 12), nearest.get(3), 1e-9, "to label 2");
        assertTrue(Double.isNaN(nearest.get(4)), "alone on its slice, not paired with label 1 above it");
        ResultsTable volumes = t.volumes();
        for (int row = 0; row < volumes.size(); row++) {
            if (volumes.getValue("Label", row) == 4) {
                assertEquals(4.0, volumes.getValue("Nearest neighbour (µm)", row), 1e-9,
                        "in 3D label 1 lies one slice of 4 µm below it");
            }
        }
    }

    /** Mean, min, max and std of a CT in Hounsfield units, as ImageJ's Measure gives them, not the stored values. */
    @Test
    void intensitiesAreInTheImagesCalibratedValues() {
        ImagePlus ct = IJ.createImage("ct", "16-bit black", 20, 20, 1);
        for (int i = 0; i < 400; i++) {
            ct.getProcessor().set(i, 1000 + 3 * i);
        }
        ct.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] {-1024, 1}, "HU");
        ImagePlus labels = IJ.createImage("organ", "16-bit black", 20, 20, 1);
        labels.getProcessor().setValue(1);
        labels.getProcessor().fill(new ij.gui.Roi(5, 5, 10, 10));
        ResultsTable table = RegionMeasurement.measure(labels, ct, null).regions();
        ct.setRoi(new ij.gui.Roi(5, 5, 10, 10));
        ij.process.ImageStatistics st = ct.getStatistics(ij.measure.Measurements.MEAN
                | ij.measure.Measurements.MIN_MAX | ij.measure.Measurements.STD_DEV);
        assertEquals(st.mean, table.getValue("Mean", 0), 1e-9);
        assertEquals(st.min, table.getValue("Min", 0), 1e-9);
        assertEquals(st.max, table.getValue("Max", 0), 1e-9);
        assertEquals(st.stdDev, table.getValue("StdDev", 0), 1e-9);
        assertEquals(1598.5 - 1024, table.getValue("Mean", 0), 1e-9, "stored values average 1598.5");
    }

    /** Labels drawn by hand on a calibrated scan carry no calibration of their own: the scan's is used, and said. */
    @Test
    void uncalibratedLabelsTakeTheIntensityImagesCalibration() {
        ImagePlus scan = IJ.createImage("scan", "16-bit black", 20, 20, 1);
        scan.getCalibration().pixelWidth = 0.5;
        scan.getCalibration().pixelHeight = 0.5;
        scan.getCalibration().setUnit("mm");
        ImagePlus labels = IJ.createImage("drawn", "8-bit black", 20, 20, 1);
        labels.getProcessor().setValue(1);
        labels.getProcessor().fill(new ij.gui.Roi(2, 2, 4, 4));
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, scan, null);
        assertEquals(16 * 0.25, t.regions().getValue("Area (mm²)", 0), 1e-12);
        assertTrue(t.note().contains("intensity image's ('scan')"), t.note());
        RegionMeasurement.Tables alone = RegionMeasurement.measure(labels, null, null);
        assertEquals(16, alone.regions().getValue("Area (pixel²)", 0), 1e-12);
        assertTrue(alone.note().contains("no spatial calibration"), alone.note());
    }

    /** A DICOM series stacked in descending position can carry voxel depth -2 mm: volumes use 2 mm, not 1. */
    @Test
    void aNegativeVoxelDepthIsADirectionNotASize() {
        ImagePlus labels = IJ.createImage("series", "8-bit black", 10, 10, 3);
        for (int z = 1; z <= 3; z++) {
            ImageProcessor ip = labels.getStack().getProcessor(z);
            ip.setValue(1);
            ip.fill(new ij.gui.Roi(0, 0, 2, 2));
        }
        labels.getCalibration().pixelWidth = -0.5;                  // a reader's flipped axis
        labels.getCalibration().pixelHeight = 0.5;
        labels.getCalibration().pixelDepth = -2;
        labels.getCalibration().setUnit("mm");
        ResultsTable volumes = RegionMeasurement.measure(labels, null, null).volumes();
        assertEquals(12 * 0.5 * 0.5 * 2, volumes.getValue("Volume (mm³)", 0), 1e-12);
        assertEquals(Math.sqrt(1 + 1 + 6 * 6), volumes.getValue("Feret 3D (mm)", 0), 1e-5,
                "1 x 1 x 6 mm, corner to corner");
    }

    /** No region (a normal scan: no lesion) is an answer: its tables are headings only, never an empty file. */
    @Test
    void noRegionGivesTablesWithTheirHeadings() throws IOException {
        ImagePlus intensity = IJ.createImage("scan", "8-bit ramp", 6, 5, 2);
        ImagePlus none = IJ.createImage("none", "16-bit black", 6, 5, 2);
        ImagePlus one = IJ.createImage("one", "16-bit black", 6, 5, 2);
        one.getStack().getProcessor(2).set(3, 2, 7);
        RegionMeasurement.Tables empty = RegionMeasurement.measure(none, intensity, null);
        RegionMeasurement.Tables full = RegionMeasurement.measure(one, intensity, null);
        assertEquals(0, empty.regions().size());
        assertEquals(1, full.regions().size());
        assertEquals(full.regions().getColumnHeadings(), empty.regions().getColumnHeadings());
        assertEquals(full.volumes().getColumnHeadings(), empty.volumes().getColumnHeadings());
        assertEquals(7, full.regions().getValue("Label", 0));
        assertEquals(2, full.regions().getValue("Slice", 0));
        assertEquals(intensity.getStack().getProcessor(2).get(3, 2), full.regions().getValue("Mean", 0));

        RegionMeasurement.save(empty, dir, "none", false);
        RegionMeasurement.save(full, dir, "one", false);
        for (String table : new String[] {"-regions.csv", "-volumes.csv"}) {
            List<String> noRows = Files.readAllLines(dir.resolve("none" + table));
            assertEquals(List.of(Files.readAllLines(dir.resolve("one" + table)).get(0)), noRows, table);
        }
    }

    /** A small nucleus that is mostly rim is still a nucleus: the boundary class never names an object. */
    @Test
    void theBoundaryClassNeverNamesAnObject() {
        ImagePlus labels = new ImagePlus("labels", new ij.process.ByteProcessor(4, 1, new byte[]{1, 1, 1, 2}));
        ImagePlus classes = new ImagePlus("classes", new ij.process.ByteProcessor(4, 1, new byte[]{2, 1, 2, 2}));
        classes.setProp(RegionMeasurement.CLASS_NAMES_PROPERTY, "background,nucleus,boundary");
        classes.setProp(RegionMeasurement.BOUNDARY_CLASS_PROPERTY, "boundary");
        var regions = RegionMeasurement.measure(labels, null, classes).regions();
        assertEquals("nucleus", regions.getStringValue("Class", 0), "2 rim pixels, 1 nucleus pixel");
        assertEquals("boundary", regions.getStringValue("Class", 1), "nothing but rim: said as it is");
        classes.setProp(RegionMeasurement.BOUNDARY_CLASS_PROPERTY, null);
        assertEquals("boundary", RegionMeasurement.measure(labels, null, classes).regions().getStringValue("Class", 0),
                "without the property, the majority");
    }

    @Test
    void hippocampusVolumeInCubicMillimetresWithPlotClassesAndCsv() throws IOException {
        Assumptions.assumeTrue(Files.exists(HIPPOCAMPUS), "shared data not present: " + HIPPOCAMPUS.toAbsolutePath());
        ImagePlus labels = ImageFiles.open(HIPPOCAMPUS);
        RegionMeasurement.Tables t = RegionMeasurement.measure(labels, labels, labels);
        ResultsTable v = t.volumes();
        assertEquals(2, v.size());
        // Voxel counts from numpy on the raw file (1324 and 1624), 1 x 1 x 1 mm voxels.
        assertEquals(1324, v.getValue("Volume (mm³)", 0), 1e-9);
        assertEquals(1624, v.getValue("Volume (mm³)", 1), 1e-9);
        assertEquals(2, v.getValue("Mean intensity", 1), 1e-9, "the label image as its own intensity");
        assertNotNull(t.plot());
        ResultsTable c = t.classes();
        assertEquals("class 1", c.getStringValue("Class", 0));
        int last = c.size() - 1;
        assertEquals("all", c.getStringValue("Slice", last));
        assertEquals(1624, c.getValue("Volume (mm³)", last), 1e-9);
        assertEquals("class 2", t.regions().getStringValue("Class", t.regions().size() - 1));
        assertNull(t.note());

        List<Path> files = RegionMeasurement.save(t, dir, "hippocampus_001", false);
        assertEquals(4, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        assertTrue(Files.readString(dir.resolve("hippocampus_001-volumes.csv")).contains("1324"), "volumes CSV");
        assertEquals(dir.resolve("hippocampus_001-regions.csv"), files.get(files.size() - 1),
                "the regions table, Batch's mark of a finished image, is written last");
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut.resolve("hippocampus_001-classes.csv"));   // a directory: that write fails
        assertThrows(IOException.class, () -> RegionMeasurement.save(t, cut, "hippocampus_001", true));
        assertFalse(Files.exists(cut.resolve("hippocampus_001-regions.csv")),
                "a run cut short before the end leaves no regions table, so Batch does that image again");
        IOException kept = assertThrows(IOException.class, () -> RegionMeasurement.save(t, dir, "hippocampus_001",
                false));
        assertTrue(kept.getMessage().contains("exists"), kept.getMessage());
        RegionMeasurement.save(t, dir, "hippocampus_001", true);
    }

    @Test
    void thirtyTwoBitLabelImagesHoldMoreThan65535Regions() {
        ImagePlus labels = IJ.createImage("many", "32-bit black", 300, 300, 1);
        float[] px = (float[]) labels.getProcessor().getPixels();
        for (int i = 0; i < px.length; i++) {
            px[i] = i + 1;
        }
        ResultsTable rt = RegionMeasurement.measure(labels, null, null).regions();
        assertEquals(90000, rt.size());
        assertEquals(90000, rt.getValue("Label", 89999), 0);
        assertEquals(1, rt.getValue("Pixels", 89999), 0);
    }

    @Test
    void badInputIsNamedAndNothingIsModified() {
        ImagePlus labels = IJ.createImage("labels", "16-bit black", 10, 10, 1);
        ImagePlus other = IJ.createImage("intensity", "8-bit ramp", 12, 10, 1);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RegionMeasurement.measure(labels, other, null));
        assertTrue(size.getMessage().contains("'intensity' is 12x10") && size.getMessage().contains("same size"),
                size.getMessage());
        ImagePlus fractional = IJ.createImage("fraction", "32-bit black", 10, 10, 1);
        fractional.getProcessor().setf(3, 4, 2.5f);
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> RegionMeasurement.measure(fractional, null, null));
        assertTrue(frac.getMessage().contains("value 2.5 at x=3, y=4"), frac.getMessage());
        assertEquals(2.5f, fractional.getProcessor().getf(3, 4));
        ImagePlus empty = IJ.createImage("empty", "8-bit black", 10, 10, 1);
        assertEquals(0, RegionMeasurement.measure(empty, null, null).regions().size(), "no regions, no rows");
    }
}
