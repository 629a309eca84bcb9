package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionPolicyTest {
  private static final Management NONE = Management.NONE;
  private static final Management CLNC = Management.CLNC;
  private static final Management EXC = Management.EXC;

  /** A case with P(EXC) = e, the rest split 60:40 between NONE and CLNC. */
  static EvaluatedCase caseWith(int id, double e, DiagnosisGroup d) {
    double rest = 1 - e;
    return new EvaluatedCase(id, "valid", EXC, new double[] {0.6 * rest, 0.4 * rest, e}, d,
        null);
  }

  @Test
  void argmaxTiesGoToTheLowerOrdinalAsEvaluatedCase() {
    DecisionPolicy p = new ArgmaxPolicy();
    assertThat(p.decide(new double[] {0.4, 0.4, 0.2})).isEqualTo(NONE);
    assertThat(p.decide(new double[] {0.2, 0.4, 0.4})).isEqualTo(CLNC);
    assertThat(p.decide(new double[] {0.1, 0.2, 0.7})).isEqualTo(EXC);
  }

  @Test
  void safetyFitsTheHighestThresholdThatKeepsTheSensitivity() {
    List<EvaluatedCase> cases = new ArrayList<>();
    // 20 malignant cases with P(EXC) = 0.05, 0.10, ..., 1.00; benign ones must not matter.
    for (int i = 1; i <= 20; i++) {
      cases.add(caseWith(i, 0.05 * i, i % 2 == 0 ? DiagnosisGroup.MEL : DiagnosisGroup.BCC));
      cases.add(caseWith(100 + i, 0.01 * i, DiagnosisGroup.NEV));
    }
    cases.add(new EvaluatedCase(999, "valid", EXC, new double[] {0.9, 0.05, 0.05}));
    SafetyPolicy p = SafetyPolicy.fit(cases, 0.95, "valid");
    // 95% of 20 = 19 cases must reach t: the 19th largest value is 0.10.
    assertThat(p.excisionThreshold()).isEqualTo(0.05 * 2);
    assertThat(p.malignantCases()).isEqualTo(20);
    assertThat(p.fittedSensitivity()).isEqualTo(0.95);
    SafetyPolicy all = SafetyPolicy.fit(cases, 1.0, "valid");
    assertThat(all.excisionThreshold()).isEqualTo(0.05);
    SafetyPolicy half = SafetyPolicy.fit(cases, 0.5, "valid");
    assertThat(half.excisionThreshold()).isEqualTo(0.05 * 11);
    // Sensitivity on the fitting cases is at least S for every S.
    for (double s : new double[] {0.3, 0.77, 0.9, 0.951, 1.0}) {
      SafetyPolicy q = SafetyPolicy.fit(cases, s, "valid");
      long caught = cases.stream().filter(c -> c.trueDiagnosis() != null
          && c.trueDiagnosis().isMalignant() && q.decide(c.pManagement()) == EXC).count();
      assertThat(caught / 20.0).as("S=%s", s).isGreaterThanOrEqualTo(s);
    }
  }

  @Test
  void safetyBelowTheThresholdChoosesNoneOrClncByProbability() {
    SafetyPolicy p = new SafetyPolicy(0.95, 0.3, 10, 1.0, "valid");
    assertThat(p.decide(new double[] {0.1, 0.6, 0.3})).isEqualTo(EXC);
    assertThat(p.decide(new double[] {0.1, 0.61, 0.29})).isEqualTo(CLNC);
    assertThat(p.decide(new double[] {0.5, 0.21, 0.29})).isEqualTo(NONE);
    // EXC is the argmax but below t: still not excised.
    SafetyPolicy strict = new SafetyPolicy(0.95, 0.8, 10, 1.0, "valid");
    assertThat(strict.decide(new double[] {0.2, 0.1, 0.7})).isEqualTo(NONE);
    assertThat(strict.decide(new double[] {0.15, 0.15, 0.7})).isEqualTo(NONE);
  }

  @Test
  void safetyWithoutMalignantCasesIsAOneLineError() {
    List<EvaluatedCase> benign = List.of(caseWith(1, 0.5, DiagnosisGroup.NEV));
    assertThatThrownBy(() -> SafetyPolicy.fit(benign, 0.95, "valid"))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("--min-malignant-excision").hasMessageNotContaining("\n");
  }

  @Test
  void thresholdsFollowTheDocumentedOrder() {
    ThresholdPolicy p = ThresholdPolicy.parse("EXC=0.3,NONE=0.6", "--thresholds");
    assertThat(p.decide(new double[] {0.65, 0.05, 0.3})).isEqualTo(EXC);
    assertThat(p.decide(new double[] {0.65, 0.1, 0.25})).isEqualTo(NONE);
    assertThat(p.decide(new double[] {0.55, 0.2, 0.25})).isEqualTo(CLNC);
    ThresholdPolicy excOnly = ThresholdPolicy.parse(" exc = 0.3 ", "--thresholds");
    assertThat(excOnly.none()).isNull();
    assertThat(excOnly.decide(new double[] {0.45, 0.35, 0.2})).isEqualTo(NONE);
    assertThat(excOnly.decide(new double[] {0.3, 0.5, 0.2})).isEqualTo(CLNC);
    ThresholdPolicy noneOnly = ThresholdPolicy.parse("NONE=0.5", "--thresholds");
    assertThat(noneOnly.decide(new double[] {0.3, 0.2, 0.5})).isEqualTo(EXC);
    assertThat(noneOnly.decide(new double[] {0.5, 0.1, 0.4})).isEqualTo(NONE);
    assertThat(noneOnly.decide(new double[] {0.45, 0.1, 0.45})).isEqualTo(CLNC);
  }

  @Test
  void badThresholdsNameTheOptionAndTheValue() {
    String[][] bad = {
      {"EXC=1.5", "not a probability"}, {"EXC=abc", "'abc'"}, {"EXC", "not KEY=VALUE"},
      {"EXC=0.3,EXC=0.4", "given twice"}, {"CLNC=0.2", "CLNC takes no threshold"},
      {"MEL=0.2", "unknown key 'MEL'"}, {"EXC=0.3,", "not KEY=VALUE"}, {"", "got ''"}
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> ThresholdPolicy.parse(b[0], "--thresholds"))
          .as(b[0]).isInstanceOf(UserInputException.class)
          .hasMessageStartingWith("--thresholds").hasMessageContaining(b[1])
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void everyPolicyRoundTripsThroughPolicyJson(@TempDir Path dir) {
    List<DecisionPolicy> all = List.of(new ArgmaxPolicy(),
        new SafetyPolicy(0.95, 0.3125, 58, 0.9655, "valid (calibrated)"),
        ThresholdPolicy.parse("EXC=0.3,NONE=0.6", "--thresholds"),
        ThresholdPolicy.parse("NONE=0.7", "--thresholds"));
    for (DecisionPolicy p : all) {
      Path f = dir.resolve(p.name() + DecisionPolicy.FILE);
      p.write(f);
      assertThat(DecisionPolicy.read(f)).isEqualTo(p);
      assertThat(p.describe()).startsWith(p.name()).doesNotContain("\n");
    }
  }

  @Test
  void aPolicyFileWithAnUnknownNameIsAOneLineError() {
    var o = DecideJson.MAPPER.createObjectNode().put("policy", "bayes");
    assertThatThrownBy(() -> DecisionPolicy.fromJson(o, "runs/x/policy.json"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("runs/x/policy.json: 'policy' must be argmax, safety or thresholds, got 'bayes'");
  }
}
