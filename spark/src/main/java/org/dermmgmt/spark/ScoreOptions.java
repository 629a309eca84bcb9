package org.dermmgmt.spark;

/**
 * What one score job does.
 *
 * @param model the trained run directory (a local path, present on every executor)
 * @param cases the case table: a local path or any URI Spark reads
 * @param out the output directory (local or URI for the Parquet; summary and CSV are written locally)
 * @param partitions partitions to score in; 0 keeps those of the read (one per file block)
 * @param csv also write predictions.csv (columns of evaluate's, plus case_id, decision, status, reason)
 * @param qualityGate check each case's images and refer those that fail (predict's default)
 * @param precision --precision as given (auto, fp32 or bf16), resolved by each executor on its own CPU
 * @param failFirstAttemptOf fault injection for tests: the partition whose first attempt fails; -1 none
 */
record ScoreOptions(String model, String cases, String out, int partitions, boolean csv, boolean qualityGate,
    String precision, int failFirstAttemptOf) {}
