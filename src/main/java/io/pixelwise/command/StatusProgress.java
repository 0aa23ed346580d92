package io.pixelwise.command;

import ij.IJ;
import io.pixelwise.progress.Progress;
import org.scijava.app.StatusService;

/** Core progress to SciJava's status bar; Esc in ImageJ or interrupting the command's thread cancels. */
record StatusProgress(StatusService status) implements Progress {
    @Override
    public void status(String message) {
        status.showStatus(message);
    }

    @Override
    public void fraction(double done) {
        status.showProgress((int) Math.round(done * 1000), 1000);
    }

    @Override
    public boolean isCanceled() {
        return Thread.currentThread().isInterrupted() || IJ.escapePressed();
    }
}
