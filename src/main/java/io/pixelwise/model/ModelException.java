package io.pixelwise.model;

/** A model folder that can't be used, with the reason in words a user can act on. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
