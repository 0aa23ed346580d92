package io.pixelwise.train;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.List;

/**
 * The gradient of TensorFlow's Conv3D, which its C++ gradient registry (all that TensorFlow Java's
 * {@code addGradients} can use) lacks: the backward passes to the input and to the filter, as TensorFlow's Python
 * registry defines them. Registered once per JVM, before the first 3D training graph is built; checked against
 * finite differences by {@code bench.Conv3dGradientCheck} and by {@code UNetTest}.
 */
public final class Conv3dGradient {

    private static boolean registered;

    private Conv3dGradient() {
    }

    public static synchronized void register() {
        if (registered) {
            return;
        }
        TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, dy) -> {
            List<Long> strides = Arrays.stream(op.strides).boxed().toList();
            return List.of(tf.nn.conv3dBackpropInput(tf.shape(op.input), f32(op.filter), f32(dy.get(0)), strides,
                            op.padding),
                    tf.nn.conv3dBackpropFilter(f32(op.input), tf.shape(op.filter), f32(dy.get(0)), strides,
                            op.padding));
        });
        registered = true;
    }

    /** Pixelwise's graphs are float32 throughout; the gradient callback sees untyped operands. */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> f32(Operand<?> o) {
        return (Operand<TFloat32>) o;
    }
}
