package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskCoverageTest {
  private static final Management N = Management.NONE;
  private static final Management E = Management.EXC;

  private static EvaluatedCase c(int id, Management truth, DiagnosisGroup d) {
    return new EvaluatedCase(id, "test", truth, new double[] {0.3, 0.3, 0.4}, d, null);
  }

  // Confidence order: 0.9 (right), 0.8 (right), 0.8 (wrong, missed MEL), 0.6 (right), 0.5 (wrong)
  private static final List<EvaluatedCase> CASES = List.of(
      c(1, E, DiagnosisGroup.MEL), c(2, N, DiagnosisGroup.NEV), c(3, E, DiagnosisGroup.MEL),
      c(4, E, DiagnosisGroup.BCC), c(5, N, DiagnosisGroup.NEV));
  private static final double[] CONF = {0.9, 0.8, 0.8, 0.6, 0.5};
  private static final List<Management> DEC = List.of(E, N, N, E, E);

  @Test
  void tiesAreDecidedTogetherAndRatesAreOverTheDecidedCases() {
    List<RiskCoverage.Point> curve = RiskCoverage.curve(CASES, CONF, DEC);
    assertThat(curve).extracting(RiskCoverage.Point::decided).containsExactly(1, 3, 4, 5);
    assertThat(curve).extracting(RiskCoverage.Point::threshold)
        .containsExactly(0.9, 0.8, 0.6, 0.5);
    RiskCoverage.Point p = curve.get(1);
    assertThat(p.coverage()).isEqualTo(0.6);
    assertThat(p.accuracy()).isEqualTo(2.0 / 3);
    assertThat(p.malignant()).isEqualTo(2);
    assertThat(p.missedMalignant()).isEqualTo(1);
    assertThat(curve.get(3).accuracy()).isEqualTo(0.6);
    assertThat(curve.get(3).missedMalignancyRate())
        .isEqualTo(ClinicalRates.missedMalignancyRate(CASES, DEC));
  }

  @Test
  void summaryGivesTheLargestCoverageReachingEachTarget() {
    RiskCoverage.Summary s = RiskCoverage.summary(RiskCoverage.curve(CASES, CONF, DEC), 0.9);
    assertThat(s.coverageAtAccuracy()).isEqualTo(0.2);
    assertThat(s.thresholdAtAccuracy()).isEqualTo(0.9);
    assertThat(s.coverageAtZeroMissed()).isEqualTo(0.2);
    RiskCoverage.Summary low = RiskCoverage.summary(RiskCoverage.curve(CASES, CONF, DEC), 0.6);
    assertThat(low.coverageAtAccuracy()).isEqualTo(1.0);
    RiskCoverage.Summary none = RiskCoverage.summary(
        RiskCoverage.curve(CASES, CONF, List.of(N, E, N, N, N)), 0.9);
    assertThat(none.coverageAtAccuracy()).isNaN();
    assertThat(none.coverageAtZeroMissed()).isNaN();
  }

  @Test
  void writesCsvAndPng(@TempDir Path dir) throws Exception {
    List<RiskCoverage.Point> curve = RiskCoverage.curve(CASES, CONF, DEC);
    RiskCoverage.writeCsv(curve, dir.resolve("risk_coverage.csv"));
    List<String> lines = Files.readAllLines(dir.resolve("risk_coverage.csv"));
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("threshold,decided,coverage,accuracy");
    assertThat(lines.get(2)).isEqualTo("0.800000,3,0.600000,0.666667,2,1,0.500000");
    Path png = dir.resolve("risk_coverage.png");
    DecisionPlots.writePng(DecisionPlots.riskCoverage(curve, RiskCoverage.summary(curve, 0.9)),
        png);
    assertThat(Files.size(png)).isGreaterThan(1000);
    Path rel = dir.resolve("reliability_calibrated.png");
    Predictions p = Predictions.management(Fixtures.small());
    DecisionPlots.writePng(DecisionPlots.reliabilityBeforeAfter(p, p), rel);
    assertThat(Files.readAllBytes(rel)).startsWith(0x89, 'P', 'N', 'G');
  }
}
