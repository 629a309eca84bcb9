package org.dermmgmt.train;

/** What one epoch measured: training loss and management metrics on the selection split. */
public record EpochResult(
    int epoch,
    double trainLoss,
    double selectAccuracy,
    double selectMacroAuroc,
    double learningRate,
    double seconds,
    boolean best) {}
