package org.dermmgmt.spark;

import java.util.List;
import java.util.Map;

/**
 * summary.json of a score job.
 *
 * @param refusedFirst the first refused rows (row order) with their reasons; all are in the Parquet
 * @param decisions scored cases per decision (the policy's management, or REFER)
 * @param failedTaskAttempts task attempts that failed and were retried by Spark
 * @param casesPerSecond rows over the whole job's wall time (outputs and evaluation included)
 * @param scoringCasesPerSecond rows over the scoring phase alone (reading images, predicting, Parquet)
 * @param phaseSeconds wall seconds of each phase, in order
 * @param metrics evaluate's headline figures on the labelled scored rows, null without labels
 */
record ScoreSummary(
    String model,
    String modelConfigSha256,
    String cases,
    long rows,
    long scored,
    long refused,
    List<Map<String, Object>> refusedFirst,
    Map<String, Long> decisions,
    Map<String, Long> predictedManagement,
    Map<String, Object> metrics,
    int partitions,
    String master,
    int failedTaskAttempts,
    int modelLoadsInDriverJvm,
    double wallSeconds,
    double casesPerSecond,
    double scoringCasesPerSecond,
    Map<String, Double> phaseSeconds,
    Map<String, Object> provenance) {}
