package io.pixelwise.command;

import ij.IJ;
import io.pixelwise.progress.Progress;

/** ImageJ 1.x's progress bar and status line; Esc cancels between units of work. */
final class IJProgress implements Progress {
    @Override
    public void status(String message) {
        IJ.showStatus(message);
    }

    @Override
    public void fraction(double done) {
        IJ.showProgress(done);
    }

    @Override
    public boolean isCanceled() {
        return IJ.escapePressed();
    }
}
