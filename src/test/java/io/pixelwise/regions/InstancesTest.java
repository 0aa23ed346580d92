package io.pixelwise.regions;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstancesTest {

    @Test
    void boundaryPixelsSeparateTouchingObjectsAndThenJoinThem() {
        // Two nuclei (class 1) separated by a boundary line (class 2), each with its own boundary ring part.
        var cls = ShapesFixture.draw(
                "2222222",
                "2112112",
                "2112112",
                "2222222");
        var four = Views.addDimension(Views.addDimension(cls, 0, 0), 0, 0);
        Instances.Result r = Instances.label(four, new int[] {1}, 2, false, Connectivity.FACE);
        assertEquals(2, r.count());
        int[] counts = new int[3];
        for (IntType t : Views.flatIterable(r.labels())) {
            counts[t.get()]++;
        }
        assertEquals(0, counts[0], "every boundary pixel touches an object within two steps");
        assertEquals(28, counts[1] + counts[2]);
        assertEquals(new Instances.Instance(1, 1, 0, 0), r.instances().get(0));
    }

    @Test
    void planesAreLabelledSeparatelyUnless3D() {
        byte[] v = new byte[3 * 3 * 2];
        v[4] = 1;
        v[9 + 4] = 1;
        var cls = Views.addDimension(ArrayImgs.unsignedBytes(v, 3, 3, 2), 0, 0);
        Instances.Result planes = Instances.label(cls, new int[] {1}, -1, false, Connectivity.FACE);
        Instances.Result volume = Instances.label(cls, new int[] {1}, -1, true, Connectivity.FACE);
        assertEquals(2, planes.count());
        assertEquals(1, planes.instances().get(1).z());
        assertEquals(1, volume.count());
        assertEquals(-1, volume.instances().get(0).z());
    }
}
