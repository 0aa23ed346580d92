package io.pixelwise.progress;

/**
 * How long-running core work reports progress and learns it should stop, without knowing about any UI.
 * The ImageJ and SciJava adapters forward it to the progress bar / StatusService.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void status(String message) {
        }

        @Override
        public void fraction(double done) {
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    };

    void status(String message);

    /** Fraction of the whole job done, 0 to 1. */
    void fraction(double done);

    boolean isCanceled();

    /** Called between units of work; stops the job with {@link CanceledException} when the user asked. */
    default void checkCanceled() {
        if (isCanceled()) {
            throw new CanceledException();
        }
    }

    /** Progress of part {@code index} (from 0) of {@code count} equal parts of this job: fractions scale into it. */
    default Progress part(long index, long count) {
        Progress whole = this;
        return new Progress() {
            @Override
            public void status(String message) {
                whole.status(message);
            }

            @Override
            public void fraction(double done) {
                whole.fraction((index + done) / count);
            }

            @Override
            public boolean isCanceled() {
                return whole.isCanceled();
            }
        };
    }
}
