package io.pixelwise.model;

import org.tensorflow.proto.ConfigProto;

/** The one place TensorFlow session options are made: thread pools and GPU memory behaviour. */
public final class Sessions {

    private Sessions() {
    }

    /**
     * @param intraOp threads inside one op (convolutions); 0 lets TensorFlow use all cores
     * @param interOp threads running independent ops concurrently; 0 lets TensorFlow choose
     */
    public static ConfigProto config(int intraOp, int interOp) {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = TensorFlow's default), were intra="
                    + intraOp + " inter=" + interOp);
        }
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .setAllowSoftPlacement(true);
        // Grow GPU memory as needed instead of grabbing the whole card, so Fiji and other tools can share it.
        b.getGpuOptionsBuilder().setAllowGrowth(true);
        return b.build();
    }
}
