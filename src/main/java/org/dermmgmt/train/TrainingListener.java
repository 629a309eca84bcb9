package org.dermmgmt.train;

/** One concern of a training run (progress display, metrics file, checkpoints) per listener. */
public interface TrainingListener {
  default void onEpochStart(int epoch, int epochs, int batches) {}

  default void onBatch(int epoch, double loss) {}

  default void onEpochEnd(EpochResult result) {}

  /** The epoch threw (a broken image, an interrupt): release what {@link #onEpochStart} opened. */
  default void onEpochAborted() {}

  default void onTrainingEnd() {}
}
