package org.dermmgmt.train;

import java.nio.file.Path;

/**
 * What a finished run reports.
 *
 * @param model what model.params holds, in words ("epoch 7 of 12", "mean of epochs 8-12 weights")
 */
public record TrainResult(
    Path runDir, int epochsRun, int bestEpoch, double bestAccuracy, double bestMacroAuroc, double seconds,
    String model) {}
