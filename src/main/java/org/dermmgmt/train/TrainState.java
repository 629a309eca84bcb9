package org.dermmgmt.train;

/**
 * Where a run stands after its last finished epoch; written after each epoch's checkpoint so that
 * {@code --resume} continues from the next epoch.
 *
 * @param averaged whether model.params already holds the weight average of the last epochs
 *     (--average-last); false in a state.json written before that option
 */
public record TrainState(
    int epochsDone, int bestEpoch, double bestScore, double bestAccuracy, double bestAuroc, int stale,
    boolean averaged) {

  public static TrainState fresh() {
    return new TrainState(0, 0, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN, 0, false);
  }
}
