package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void brierAndEceMatchNumpyReference() {
    // numpy: ((P - onehot(Y))**2).sum(1).mean() = 0.528; ECE with 15 bins (lo, hi] = 0.3.
    Predictions p = Predictions.management(Fixtures.small());
    assertThat(Calibration.brier(p)).isCloseTo(0.528, within(1e-12));
    assertThat(Calibration.ece(p)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void eceByHand() {
    // Two cases, confidence 0.9 (right) and 0.9 (wrong): bin accuracy 0.5, confidence 0.9.
    Predictions p = new Predictions(new int[] {0, 1},
        new double[][] {{0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}}, 3);
    assertThat(Calibration.ece(p)).isCloseTo(0.4, within(1e-12));
    // Brier: (0.1² + 2·0.05²) + (0.9² + 0.95² + 0.05²) = 0.015 + 1.715, mean 0.865.
    assertThat(Calibration.brier(p)).isCloseTo(0.865, within(1e-12));
  }

  @Test
  void logLossByHandAndAtItsEdges() {
    // −(ln 0.5 + ln 0.25) / 2 = (ln 2 + ln 4) / 2 = 1.5 ln 2.
    Predictions p = new Predictions(new int[] {0, 1},
        new double[][] {{0.5, 0.25, 0.25}, {0.5, 0.25, 0.25}}, 3);
    assertThat(Calibration.logLoss(p)).isCloseTo(1.5 * Math.log(2), within(1e-12));
    // A uniform guess scores ln k; a certain right answer 0; a certain wrong one stays finite.
    assertThat(Calibration.logLoss(new Predictions(new int[] {2}, new double[][] {{0.2, 0.2, 0.2, 0.2, 0.2}}, 5)))
        .isCloseTo(Math.log(5), within(1e-12));
    assertThat(Calibration.logLoss(new Predictions(new int[] {0}, new double[][] {{1, 0, 0}}, 3))).isZero();
    assertThat(Calibration.logLoss(new Predictions(new int[] {1}, new double[][] {{1, 0, 0}}, 3)))
        .isCloseTo(-Math.log(Calibration.LOG_FLOOR), within(1e-9));
    assertThat(Calibration.logLoss(new Predictions(new int[0], new double[0][], 3))).isNaN();
  }

  @Test
  void binEdges() {
    assertThat(Calibration.binOf(0.0, 15)).isZero();
    assertThat(Calibration.binOf(1.0 / 15, 15)).isZero();
    assertThat(Calibration.binOf(1.0, 15)).isEqualTo(14);
    assertThat(Calibration.binOf(0.5, 15)).isEqualTo(7);
  }

  @Test
  void missedMalignancy() {
    List<EvaluatedCase> cases = List.of(
        new EvaluatedCase(1, "t", Management.EXC, new double[] {.1, .1, .8},
            DiagnosisGroup.MEL, null),
        new EvaluatedCase(2, "t", Management.EXC, new double[] {.1, .8, .1},
            DiagnosisGroup.BCC, null),
        new EvaluatedCase(3, "t", Management.CLNC, new double[] {.1, .8, .1},
            DiagnosisGroup.NEV, null));
    assertThat(ClinicalRates.missedMalignancyRate(cases)).isEqualTo(0.5);
    assertThat(ClinicalRates.overExcisionRate(cases)).isZero();
  }
}
