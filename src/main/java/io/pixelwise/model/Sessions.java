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
        return config(intraOp, interOp, false);
    }

    /**
     * @param bf16 let oneDNN run the graph in bfloat16 where it is safe (its auto mixed precision): on CPUs with
     *             AVX512_BF16 or AMX, faster convolutions at slightly different numbers
     */
    public static ConfigProto config(int intraOp, int interOp, boolean bf16) {
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
        if (bf16) {
            b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(org.tensorflow.proto.RewriterConfig.Toggle.ON);
        }
        return b.build();
    }
}
