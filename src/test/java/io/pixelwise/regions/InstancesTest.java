package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InstancesTest {

    private static final Instances.Rules NUCLEI = new Instances.Rules(new int[] {1}, 2, Connectivity.FACE, 0, 0, 0,
            false);

    private static int[] labels(Instances.Result r) {
        int[] out = new int[(int) r.labels().size()];
        int i = 0;
        for (IntType t : Views.flatIterable(r.labels())) {
            out[i++] = t.get();
        }
        return out;
    }

    private static <T extends net.imglib2.type.numeric.IntegerType<T>> Instances.Result label2d(
            net.imglib2.RandomAccessibleInterval<T> cls, Instances.Rules rules) {
        return Instances.label(Views.addDimension(Views.addDimension(cls, 0, 0), 0, 0), rules, false);
    }

    @Test
    void boundaryPixelsSeparateTouchingObjectsAndThenJoinThem() {
        // Two nuclei (class 1) separated by a boundary line (class 2), each with its own boundary ring part.
        var cls = ShapesFixture.draw(
                "2222222",
                "2112112",
                "2112112",
                "2222222");
        Instances.Result r = label2d(cls, NUCLEI);
        assertEquals(2, r.count());
        int[] counts = new int[3];
        for (int l : labels(r)) {
            counts[l]++;
        }
        assertEquals(0, counts[0], "every boundary pixel joins an object");
        assertEquals(28, counts[1] + counts[2]);
        assertEquals(new Instances.Instance(1, 1, 0, 0), r.instances().get(0));
    }

    @Test
    void boundaryPixelsJoinTheNearestObjectHoweverFarTheyReach() {
        // A four-pixel boundary run between two objects: each pixel goes to the object it is fewer steps from.
        var cls = ShapesFixture.draw(
                "1122221",
                "112....");
        assertArrayEquals(new int[] {
                1, 1, 1, 1, 2, 2, 2,
                1, 1, 1, 0, 0, 0, 0}, labels(label2d(cls, NUCLEI)));
    }

    @Test
    void boundaryPixelsTouchingNoObjectStayBackground() {
        var cls = ShapesFixture.draw(
                "11..22",
                "11..22");
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0}, labels(label2d(cls, NUCLEI)));
    }

    @Test
    void objectsBelowTheMinimumSizeAreDroppedAndTheRestRenumbered() {
        // Objects of 1, 6 and 4 pixels (boundary included); minimum 4 keeps the second and third as 1 and 2.
        var cls = ShapesFixture.draw(
                "1.1122.11",
                "..11...11");
        Instances.Result r = label2d(cls, new Instances.Rules(new int[] {1}, 2, Connectivity.FACE, 4, 0, 0, false));
        assertEquals(2, r.count());
        assertArrayEquals(new int[] {
                0, 0, 1, 1, 1, 1, 0, 2, 2,
                0, 0, 1, 1, 0, 0, 0, 2, 2}, labels(r));
        assertEquals(new Instances.Instance(2, 1, 0, 0), r.instances().get(1));
    }

    /**
     * Analyze Particles' "exclude on edges": an object with a pixel on the first or last column or row goes, its
     * boundary pixels counted (the third object's rim reaches the bottom row); the rest are renumbered.
     */
    @Test
    void objectsOnTheImagesEdgeAreDroppedWhereAsked() {
        var cls = ShapesFixture.draw(
                "11.......",
                "....1....",
                "...11.11.",
                ".......1.",
                "1......2.",
                ".......2.");
        Instances.Rules exclude = new Instances.Rules(new int[] {1}, 2, Connectivity.FACE, 0, 0, 0, true);
        Instances.Result r = label2d(cls, exclude);
        assertEquals(List.of(new Instances.Instance(1, 1, 0, 0)), r.instances());
        int[] l = labels(r);
        assertEquals(3, java.util.Arrays.stream(l).filter(v -> v == 1).count(), "the middle object, whole");
        assertEquals(1, l[9 + 4]);
        assertEquals(4, label2d(cls, NUCLEI).count(), "without the rule every object stays");
        Instances.Result bigOnly = label2d(cls, new Instances.Rules(new int[] {1}, 2, Connectivity.FACE, 4, 0, 0,
                true));
        assertEquals(0, bigOnly.count(), "the inner object is too small, the others touch the edge");
    }

    /**
     * A 3D object goes when it touches the edge in x or y on any of its slices; the first and last slices of a
     * z-stack are not an edge (a stack usually spans its objects).
     */
    @Test
    void aVolumeTouchingTheEdgeOnOneSliceIsDroppedTheStacksEndsAreNoEdge() {
        byte[] v = new byte[5 * 4 * 2];
        int[][] slice0 = {{1, 1}, {2, 1}, {1, 2}};              // object A: interior on slice 0
        for (int[] p : slice0) {
            v[p[1] * 5 + p[0]] = 1;
        }
        v[20 + 1 * 5 + 1] = 1;                                    // A continues on slice 1
        v[2 * 5 + 3] = 1;                                         // object B: inside on slice 0,
        v[20 + 2 * 5 + 3] = 1;
        v[20 + 2 * 5 + 4] = 1;                                    // at x = 4 (the edge) on slice 1
        assertEquals(2, Instances.label(Views.addDimension(ArrayImgs.unsignedBytes(v, 5, 4, 2), 0, 0),
                new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0, false), true).count());
        var cls = Views.addDimension(ArrayImgs.unsignedBytes(v, 5, 4, 2), 0, 0);
        Instances.Result r = Instances.label(cls,
                new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0, true), true);
        assertEquals(List.of(new Instances.Instance(1, 1, -1, 0)), r.instances(), "A stays, on both slices");
        assertEquals(4, java.util.Arrays.stream(labels(r)).filter(x -> x == 1).count());
    }

    @Test
    void touchingDiscsOfOneClassSplitIntoTwoInstancesKeepingTheirClass() {
        // Two discs of radius 10, centres 16 apart, all class 1 (no boundary between them), on plane z = 1.
        int w = 41;
        int h = 31;
        byte[] v = new byte[w * h * 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = (x - 12) * (x - 12) + (y - 15) * (y - 15) <= 100
                        || (x - 28) * (x - 28) + (y - 15) * (y - 15) <= 100;
                v[w * h + y * w + x] = (byte) (in ? 1 : 0);
            }
        }
        var cls = Views.addDimension(ArrayImgs.unsignedBytes(v, w, h, 2), 0, 0);
        Instances.Result whole = Instances.label(cls,
                new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0, false), false);
        assertEquals(1, whole.count());
        Instances.Result split = Instances.label(cls,
                new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 1, 0, false), false);
        assertEquals(2, split.count());
        assertEquals(List.of(new Instances.Instance(1, 1, 1, 0), new Instances.Instance(2, 1, 1, 0)),
                split.instances());
        int[] l = labels(split);
        assertEquals(1, l[w * h + 15 * w + 12]);
        assertEquals(2, l[w * h + 15 * w + 28]);
    }

    /**
     * Two 11 x 11 blocks three slices thick, joined by a 3 x 3 bridge. In voxels the blocks are no deeper than the
     * bridge (their thinness in z limits both), so nothing splits; with slices 5 pixels apart, as the calibration
     * says, the blocks' centres lie 5.5 deep and the bridge 2: the neck is real and the watershed splits there.
     */
    @Test
    void neckDepthInThreeDimensionsIsMeasuredWithTheVoxelShape() {
        int w = 31;
        int h = 15;
        int d = 5;
        byte[] v = new byte[w * h * d];
        for (int z = 1; z <= 3; z++) {
            for (int y = 2; y <= 12; y++) {
                for (int x = 2; x <= 28; x++) {
                    boolean block = x <= 12 || x >= 18;
                    boolean bridge = y >= 6 && y <= 8;
                    v[(z * h + y) * w + x] = (byte) (block || bridge ? 1 : 0);
                }
            }
        }
        var cls = Views.addDimension(ArrayImgs.unsignedBytes(v, w, h, d), 0, 0);
        Instances.Rules rules = new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 1, 0, false);
        assertEquals(1, Instances.label(cls, rules, true, new double[] {1, 1, 1}).count(), "voxels as cubes");
        assertEquals(2, Instances.label(cls, rules, true, new double[] {1, 1, 5}).count(), "slices 5 pixels apart");
    }

    @Test
    void planesAreLabelledSeparatelyUnless3D() {
        byte[] v = new byte[3 * 3 * 2];
        v[4] = 1;
        v[9 + 4] = 1;
        var cls = Views.addDimension(ArrayImgs.unsignedBytes(v, 3, 3, 2), 0, 0);
        Instances.Rules rules = new Instances.Rules(new int[] {1}, -1, Connectivity.FACE, 0, 0, 0, false);
        Instances.Result planes = Instances.label(cls, rules, false);
        Instances.Result volume = Instances.label(cls, rules, true);
        assertEquals(2, planes.count());
        assertEquals(1, planes.instances().get(1).z());
        assertEquals(1, volume.count());
        assertEquals(-1, volume.instances().get(0).z());
    }

    @Test
    void panopticClassesFollowTheInstanceTheirPixelsJoined() {
        // A nucleus (1) with its boundary ring (2) and a "stuff" class 3 beside it.
        var cls = ShapesFixture.draw(
                "22233",
                "21233",
                "22233");
        Instances.Result r = label2d(cls, NUCLEI);
        int[] classes = new int[15];
        int i = 0;
        for (var t : Views.flatIterable(Panoptic.classes(Views.addDimension(Views.addDimension(cls, 0, 0), 0, 0),
                r))) {
            classes[i++] = t.get();
        }
        assertArrayEquals(new int[] {1, 1, 1, 3, 3, 1, 1, 1, 3, 3, 1, 1, 1, 3, 3}, classes,
                "boundary pixels of the nucleus become nucleus; stuff keeps its class");
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0}, labels(r), "stuff has id 0");
    }
}
