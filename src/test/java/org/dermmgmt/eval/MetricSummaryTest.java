package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSummaryTest {
  static MetricsReport fold(int[][] m) {
    return Evaluator.evaluate(Fixtures.fromConfusion(m), "test", "t", 1L, Map.of(), 50);
  }

  @Test
  void meanAndSampleSd() {
    // Accuracies 0.5, 0.6, 0.7 → mean 0.6, sample sd 0.1.
    List<MetricsReport> folds = List.of(
        fold(new int[][] {{5, 0, 5}, {0, 0, 0}, {0, 0, 0}}),
        fold(new int[][] {{6, 0, 4}, {0, 0, 0}, {0, 0, 0}}),
        fold(new int[][] {{7, 0, 3}, {0, 0, 0}, {0, 0, 0}}));
    MetricSummary s = MetricSummary.of(folds);
    assertThat(s.folds()).isEqualTo(3);
    assertThat(s.get("accuracy").mean()).isCloseTo(0.6, within(1e-12));
    assertThat(s.get("accuracy").sd()).isCloseTo(0.1, within(1e-12));
    assertThat(s.metrics()).containsKeys("macro.auroc", "per_class.CLNC.precision",
        "over_excision_rate", "missed_malignancy_rate", "ece", "brier");
    // Undefined in every fold → NaN mean, null in JSON.
    assertThat(s.get("missed_malignancy_rate").n()).isZero();
    assertThat(s.toJson().get("metrics").get("missed_malignancy_rate").get("mean").isNull())
        .isTrue();
  }

  @Test
  void relativeImprovementAcrossPairedFolds() {
    // Fold 1: 0.5 → 0.6 (+20 %); fold 2: 0.6 → 0.6 (0 %); mean 0.1, sd √0.02 = 0.141421.
    List<MetricsReport> base = List.of(
        fold(new int[][] {{5, 0, 5}, {0, 0, 0}, {0, 0, 0}}),
        fold(new int[][] {{6, 0, 4}, {0, 0, 0}, {0, 0, 0}}));
    List<MetricsReport> better = List.of(
        fold(new int[][] {{6, 0, 4}, {0, 0, 0}, {0, 0, 0}}),
        fold(new int[][] {{6, 0, 4}, {0, 0, 0}, {0, 0, 0}}));
    MetricSummary.MeanSd r = MetricSummary.relativeImprovement(base, better, "accuracy");
    assertThat(r.mean()).isCloseTo(0.1, within(1e-12));
    assertThat(r.sd()).isCloseTo(Math.sqrt(0.02), within(1e-12));
  }
}
