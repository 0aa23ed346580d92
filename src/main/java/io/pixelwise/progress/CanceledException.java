package io.pixelwise.progress;

/** The user canceled; nothing was written and the input is untouched. */
public class CanceledException extends RuntimeException {
    public CanceledException() {
        super("Canceled by the user");
    }
}
