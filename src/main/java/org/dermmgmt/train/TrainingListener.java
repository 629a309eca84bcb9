package org.dermmgmt.train;

/** One concern of a training run (progress display, metrics file, checkpoints) per listener. */
public interface TrainingListener {
  default void onEpochStart(int epoch, int epochs, int batches) {}

  default void onBatch(int epoch, double loss) {}

  default void onEpochEnd(EpochResult result) {}

  default void onTrainingEnd() {}
}
