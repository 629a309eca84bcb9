package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.junit.jupiter.api.Test;

class PolicySpecTest {

  @Test
  void nothingGivenKeepsTheRunsPolicy() {
    assertThat(PolicySpec.parse(null, null, null)).isNull();
  }

  @Test
  void optionsMapToPolicies() {
    assertThat(PolicySpec.parse("argmax", null, null).resolve(List.of(), "valid"))
        .isEqualTo(new ArgmaxPolicy());
    PolicySpec safety = PolicySpec.parse("SAFETY", null, null);
    assertThat(safety.minMalignantExcision()).isEqualTo(0.95);
    assertThat(safety.needsFitting()).isTrue();
    assertThat(PolicySpec.parse("safety", null, "0.9").minMalignantExcision()).isEqualTo(0.9);
    // The sensitivity alone implies safety, the thresholds alone imply thresholds.
    assertThat(PolicySpec.parse(null, null, "0.97").name()).isEqualTo("safety");
    PolicySpec t = PolicySpec.parse(null, "EXC=0.3,NONE=0.6", null);
    assertThat(t.resolve(List.of(), "valid")).isEqualTo(new ThresholdPolicy(0.3, 0.6));
    assertThat(t.needsFitting()).isFalse();
  }

  @Test
  void safetyResolvesOnTheFittingCases() {
    var cases = List.of(DecisionPolicyTest.caseWith(1, 0.4, DiagnosisGroup.MEL),
        DecisionPolicyTest.caseWith(2, 0.8, DiagnosisGroup.BCC));
    DecisionPolicy p = PolicySpec.parse("safety", null, "1").resolve(cases, "valid");
    assertThat(p).isEqualTo(new SafetyPolicy(1.0, 0.4, 2, 1.0, "valid"));
  }

  @Test
  void badOptionsAreOneLineErrorsNamingTheOptionAndValue() {
    Object[][] bad = {
      {"bayes", null, null, "--policy: unknown policy 'bayes'"},
      {"argmax", "EXC=0.3", null, "--thresholds EXC=0.3 only goes with --policy thresholds"},
      {"thresholds", null, "0.9", "--min-malignant-excision 0.9 only goes with --policy safety"},
      {"thresholds", null, null, "--policy thresholds needs --thresholds"},
      {"safety", null, "1.2", "--min-malignant-excision: 1.2 is not a fraction in (0, 1]"},
      {"safety", null, "0", "--min-malignant-excision: 0 is not a fraction"},
      {"safety", null, "high", "--min-malignant-excision: 'high' is not a number"},
      {null, "EXC=2", null, "--thresholds: 2 in 'EXC=2' is not a probability"},
    };
    for (Object[] b : bad) {
      assertThatThrownBy(() -> PolicySpec.parse((String) b[0], (String) b[1], (String) b[2]))
          .as("%s %s %s", b[0], b[1], b[2]).isInstanceOf(UserInputException.class)
          .hasMessageStartingWith((String) b[3]).hasMessageNotContaining("\n");
    }
  }
}
