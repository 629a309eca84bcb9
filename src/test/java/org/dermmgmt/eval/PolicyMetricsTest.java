package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

class PolicyMetricsTest {
  private static final Management N = Management.NONE;
  private static final Management C = Management.CLNC;
  private static final Management E = Management.EXC;

  private static EvaluatedCase c(int id, Management truth, DiagnosisGroup d) {
    return new EvaluatedCase(id, "test", truth, new double[] {0.5, 0.3, 0.2}, d, null);
  }

  /** 8 cases: 3 MEL, 1 BCC, 3 NEV, 1 without diagnosis. */
  private static final List<EvaluatedCase> CASES = List.of(
      c(1, E, DiagnosisGroup.MEL), c(2, E, DiagnosisGroup.MEL), c(3, E, DiagnosisGroup.MEL),
      c(4, E, DiagnosisGroup.BCC), c(5, N, DiagnosisGroup.NEV), c(6, C, DiagnosisGroup.NEV),
      c(7, C, DiagnosisGroup.NEV), c(8, N, null));

  @Test
  void countsAndRatesOfAPolicysDecisions() {
    List<Management> d = List.of(E, C, E, N, E, C, N, N);
    PolicyMetrics m = PolicyMetrics.of("test policy", CASES, d);
    assertThat(m.n()).isEqualTo(8);
    assertThat(m.decided()).isEqualTo(8);
    assertThat(m.coverage()).isEqualTo(1.0);
    // correct: 1, 3, 6, 8
    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(m.confusion()[E.ordinal()]).containsExactly(1, 1, 2);
    // over-excision: case 5 (NONE truth, EXC) of all 8, as ClinicalRates.
    assertThat(m.overExcisionRate()).isEqualTo(1.0 / 8);
    assertThat(m.malignant()).isEqualTo(4);
    assertThat(m.missedMalignant()).isEqualTo(2);
    assertThat(m.missedMalignancyRate()).isEqualTo(0.5);
    assertThat(m.missedMalignancyCi95()).containsExactly(
        Proportions.clopperPearson(2, 4), within(0.0));
    assertThat(m.melanomas()).isEqualTo(3);
    assertThat(m.missedMelanomas()).isEqualTo(1);
    // non-excised with a diagnosis: 2 (MEL), 4 (BCC), 6, 7; 2 of 4 benign.
    assertThat(m.nonExcised()).isEqualTo(4);
    assertThat(m.npvNonExcision()).isEqualTo(0.5);
    assertThat(m.referredMalignant()).isZero();
  }

  @Test
  void argmaxDecisionsGiveTodaysClinicalRates() {
    List<EvaluatedCase> cases = Fixtures.smallWithDiagnosis();
    List<Management> argmax = cases.stream().map(EvaluatedCase::predicted).toList();
    PolicyMetrics m = PolicyMetrics.of("argmax", cases, argmax);
    MetricsReport r = Evaluator.evaluate(cases, "test", "multi", 1, null, 10);
    assertThat(m.accuracy()).isEqualTo(r.accuracy());
    assertThat(m.overExcisionRate()).isEqualTo(r.overExcisionRate());
    assertThat(m.missedMalignancyRate()).isEqualTo(r.missedMalignancyRate());
    assertThat(m.confusion()).isDeepEqualTo(r.confusion());
  }

  @Test
  void referredCasesLeaveTheRatesAndCountAsReferred() {
    List<Management> d = new ArrayList<>(Arrays.asList(E, null, E, null, E, C, N, N));
    PolicyMetrics m = PolicyMetrics.of("p", CASES, d);
    assertThat(m.decided()).isEqualTo(6);
    assertThat(m.referred()).isEqualTo(2);
    assertThat(m.coverage()).isEqualTo(0.75);
    assertThat(m.referredMalignant()).isEqualTo(2);
    assertThat(m.malignant()).isEqualTo(2);
    assertThat(m.missedMalignant()).isZero();
    assertThat(m.missedMalignancyRate()).isZero();
    assertThat(m.overExcisionRate()).isEqualTo(1.0 / 6);
    assertThat(m.npvNonExcision()).isEqualTo(1.0);
    JsonNode j = m.toJson();
    assertThat(j.get("referred").asInt()).isEqualTo(2);
    assertThat(j.get("missed_malignancy_rate").asDouble()).isZero();
    assertThat(j.get("missed_malignancy_ci95").get(1).asDouble()).isCloseTo(0.8419, within(1e-4));
    assertThat(j.get("confusion").get("labels").toString()).isEqualTo("[\"NONE\",\"CLNC\",\"EXC\"]");
    assertThat(j.get("ci_method").asText()).isEqualTo("clopper-pearson");
  }

  @Test
  void noMalignantCaseGivesUndefinedNotZero() {
    PolicyMetrics m = PolicyMetrics.of("p", List.of(c(1, N, DiagnosisGroup.NEV)), List.of(N));
    assertThat(m.missedMalignancyRate()).isNaN();
    assertThat(m.toJson().get("missed_malignancy_rate").isNull()).isTrue();
  }
}
