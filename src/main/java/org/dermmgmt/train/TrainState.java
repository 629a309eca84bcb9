package org.dermmgmt.train;

/**
 * Where a run stands after its last finished epoch; written after each epoch's checkpoint so that
 * {@code --resume} continues from the next epoch.
 */
public record TrainState(
    int epochsDone, int bestEpoch, double bestScore, double bestAccuracy, double bestAuroc, int stale) {

  public static TrainState fresh() {
    return new TrainState(0, 0, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN, 0);
  }
}
