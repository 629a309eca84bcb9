package org.dermmgmt.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import org.dermmgmt.Progress;

/** A progress bar per epoch on stderr with the running loss, then a line of epoch metrics. */
public final class ProgressListener implements TrainingListener {
  private final PrintStream err;
  private ProgressBar bar;
  private double lossSum;
  private int batches;

  public ProgressListener(PrintStream err) {
    this.err = err;
  }

  @Override
  public void onEpochStart(int epoch, int epochs, int total) {
    lossSum = 0;
    batches = 0;
    bar = Progress.epochBar(String.format("epoch %d/%d", epoch, epochs), total, err);
  }

  @Override
  public void onBatch(int epoch, double loss) {
    lossSum += loss;
    batches++;
    bar.step();
    bar.setExtraMessage(String.format(" loss %.4f", lossSum / batches));
  }

  @Override
  public void onEpochAborted() {
    bar.close();
  }

  @Override
  public void onEpochEnd(EpochResult r) {
    bar.close();
    err.printf(
        "epoch %d: loss %.4f  select accuracy %.4f  macro AUROC %.4f  (%.1fs)%s%n",
        r.epoch(), r.trainLoss(), r.selectAccuracy(), r.selectMacroAuroc(), r.seconds(),
        r.best() ? "  *best" : "");
  }
}
