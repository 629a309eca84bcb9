package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.dermmgmt.UserInputException;
import org.dermmgmt.eval.Calibration;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.Predictions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemperatureScalingTest {

  /**
   * Cases whose labels are drawn from calibrated probabilities q = softmax(z), while the "model"
   * reports q^sharpen (renormalised): over-confident for sharpen > 1. The temperature that undoes
   * it is T = sharpen.
   */
  static Predictions overConfident(int n, int k, double sharpen, long seed) {
    Random rnd = new Random(seed);
    int[] truth = new int[n];
    double[][] scores = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] q = new double[k];
      double s = 0;
      for (int c = 0; c < k; c++) {
        q[c] = Math.exp(1.2 * rnd.nextGaussian());
        s += q[c];
      }
      double u = rnd.nextDouble() * s;
      int y = 0;
      for (double acc = q[0]; acc < u && y < k - 1; acc += q[++y]) {
        // walk the cumulative sum to the sampled class
      }
      truth[i] = y;
      scores[i] = TemperatureScaling.apply(q, 1.0 / sharpen);
    }
    return new Predictions(truth, scores, k);
  }

  @Test
  void recoversAKnownTemperatureOnOverConfidentData() {
    Predictions p = overConfident(20000, 3, 2.5, 1);
    TemperatureScaling.Fit fit = TemperatureScaling.fit(p);
    assertThat(fit.temperature()).isCloseTo(2.5, within(0.1));
    assertThat(fit.n()).isEqualTo(20000);
    assertThat(fit.nllAfter()).isLessThan(fit.nllBefore());
  }

  @Test
  void recoversAnUnderConfidentTemperatureBelowOne() {
    Predictions p = overConfident(20000, 5, 0.6, 2);
    assertThat(TemperatureScaling.fit(p).temperature()).isCloseTo(0.6, within(0.03));
  }

  @Test
  void aRunsCalibrationNeverSharpensButRecordsWhatTheDataWanted(@TempDir Path dir) {
    Predictions under = overConfident(20000, 5, 0.6, 2);
    TemperatureScaling.Fit floored = TemperatureScaling.fit(under, 1.0);
    assertThat(floored.temperature()).isEqualTo(1.0);
    assertThat(floored.unconstrained()).isCloseTo(0.6, within(0.03));
    assertThat(floored.nllAfter()).isEqualTo(floored.nllBefore());
    // Above the floor the bound changes nothing.
    Predictions over = overConfident(5000, 3, 2.0, 7);
    assertThat(TemperatureScaling.fit(over, 1.0)).isEqualTo(TemperatureScaling.fit(over));

    TemperatureCalibration cal = TemperatureCalibration.fit("selection",
        Map.of("management", under, "diagnosis", over));
    assertThat(cal.temperature("management")).isEqualTo(TemperatureCalibration.MIN_TEMPERATURE);
    assertThat(cal.temperature("diagnosis")).isCloseTo(2.0, within(0.15));
    double[] p = {0.2, 0.5, 0.2, 0.05, 0.05};
    assertThat(cal.apply("management", p)).containsExactly(p, within(1e-15));
    Path f = dir.resolve(TemperatureCalibration.FILE);
    cal.write(f);
    assertThat(TemperatureCalibration.read(f)).isEqualTo(cal);
    assertThat(DecideJson.read(f).get("min_temperature").asDouble()).isEqualTo(1.0);
  }

  @Test
  void calibratedDataKeepsTemperatureNearOne() {
    Predictions p = overConfident(20000, 3, 1.0, 3);
    assertThat(TemperatureScaling.fit(p).temperature()).isCloseTo(1.0, within(0.05));
  }

  @Test
  void temperatureOneIsTheIdentityAndArgmaxNeverChanges() {
    double[] p = {0.2, 0.5, 0.3};
    assertThat(TemperatureScaling.apply(p, 1.0)).containsExactly(new double[] {0.2, 0.5, 0.3},
        within(1e-15));
    for (double t : new double[] {0.1, 0.7, 2, 15}) {
      double[] q = TemperatureScaling.apply(p, t);
      assertThat(q[0] + q[1] + q[2]).isCloseTo(1.0, within(1e-12));
      assertThat(EvaluatedCase.argmax(q)).isEqualTo(1);
    }
    // T = 2 is the square root, renormalised.
    double[] sqrt = TemperatureScaling.apply(new double[] {0.64, 0.36}, 2);
    assertThat(sqrt).containsExactly(new double[] {0.8 / 1.4, 0.6 / 1.4}, within(1e-12));
  }

  @Test
  void zeroProbabilitiesStayFinite() {
    double[] q = TemperatureScaling.apply(new double[] {0, 1, 0}, 3);
    assertThat(java.util.Arrays.stream(q).allMatch(Double::isFinite)).isTrue();
    assertThat(q[1]).isGreaterThan(0.99);
  }

  @Test
  void eceFallsOnOverConfidentData() {
    Predictions fitOn = overConfident(5000, 3, 2.5, 4);
    Predictions test = overConfident(5000, 3, 2.5, 5);
    TemperatureCalibration cal =
        TemperatureCalibration.fit("valid", Map.of("management", fitOn));
    double[][] after = new double[test.n()][];
    for (int i = 0; i < test.n(); i++) {
      after[i] = cal.apply("management", test.scores()[i]);
    }
    Predictions calibrated = new Predictions(test.truth(), after, 3);
    double eceBefore = Calibration.ece(test);
    double eceAfter = Calibration.ece(calibrated);
    assertThat(eceBefore).isGreaterThan(0.08);
    assertThat(eceAfter).isLessThan(0.03).isLessThan(eceBefore / 3);
    assertThat(Calibration.brier(calibrated)).isLessThan(Calibration.brier(test));
  }

  @Test
  void calibrationJsonRoundTripsAndUnknownHeadsAreLeftAlone(@TempDir Path dir) {
    TemperatureCalibration cal = TemperatureCalibration.fit("valid",
        Map.of("management", overConfident(2000, 3, 2.0, 6)));
    Path f = dir.resolve(TemperatureCalibration.FILE);
    cal.write(f);
    TemperatureCalibration back = TemperatureCalibration.read(f);
    assertThat(back).isEqualTo(cal);
    assertThat(back.fittedOn()).isEqualTo("valid");
    assertThat(back.heads().get("management").n()).isEqualTo(2000);
    double[] p = {0.1, 0.2, 0.7};
    assertThat(back.apply("PN", p)).containsExactly(p, within(1e-15));
    assertThat(TemperatureCalibration.none().apply("management", p)).containsExactly(p,
        within(1e-15));
    assertThat(back.temperatures()).containsOnlyKeys("management");
  }

  @Test
  void aBadCalibrationFileIsAOneLineErrorNamingIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("calibration.json");
    Files.writeString(f, "{\"method\":\"temperature\",\"heads\":{\"management\":{\"temperature\":-1}}}");
    assertThatThrownBy(() -> TemperatureCalibration.read(f))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("heads.management.temperature");
  }
}
