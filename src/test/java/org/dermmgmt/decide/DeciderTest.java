package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static final QualityGate GATE = QualityGate.defaults();

  @Test
  void withoutReferThePolicyDecides() {
    Decision d = Decider.of(new ArgmaxPolicy()).decide(new double[] {0.2, 0.3, 0.5});
    assertThat(d.referred()).isFalse();
    assertThat(d.management()).isEqualTo(Management.EXC);
    assertThat(d.label()).isEqualTo("EXC");
    assertThat(d.confidence()).isEqualTo(0.5);
  }

  @Test
  void lowConfidenceIsReferredWithTheValueAndThreshold() {
    Decider decider = new Decider(new ArgmaxPolicy(), 0.6);
    Decision d = decider.decide(new double[] {0.2, 0.3, 0.5});
    assertThat(d.label()).isEqualTo(Decision.REFER);
    assertThat(d.management()).isNull();
    assertThat(d.proposed()).isEqualTo(Management.EXC);
    assertThat(d.referral().reason()).isEqualTo(Referral.Reason.LOW_CONFIDENCE);
    Referral.Finding f = d.referral().findings().get(0);
    assertThat(f.value()).isEqualTo(0.5);
    assertThat(f.threshold()).isEqualTo(0.6);
    assertThat(d.referral().describe())
        .isEqualTo("LOW_CONFIDENCE: CONFIDENCE: max_calibrated_probability 0.5000 < 0.6000");
    assertThat(decider.decide(new double[] {0.1, 0.2, 0.7}).label()).isEqualTo("EXC");
    // Exactly at the threshold is confident enough.
    assertThat(decider.decide(new double[] {0.1, 0.3, 0.6}).referred()).isFalse();
  }

  @Test
  void referBelowIsParsedWithOneLineErrors() {
    assertThat(Decider.parseReferBelow(" 0.6")).isEqualTo(0.6);
    assertThatThrownBy(() -> Decider.parseReferBelow("1.5"))
        .isInstanceOf(org.dermmgmt.UserInputException.class)
        .hasMessage("--refer-below: 1.5 is not a probability in [0, 1] (e.g. 0.6)");
    assertThatThrownBy(() -> Decider.parseReferBelow("most"))
        .hasMessage("--refer-below: 'most' is not a number");
  }

  @Test
  void aFailedImageIsReferredBeforeConfidenceIsLookedAt() {
    QualityReport dark = GATE.check("derm", Degrade.gain(Degrade.syntheticSkin(300, 240, 1), 0.1));
    QualityReport fine = GATE.check("clinic", Degrade.syntheticSkin(300, 240, 2));
    Decision d = new Decider(new ArgmaxPolicy(), 0.6)
        .decide(new double[] {0.05, 0.05, 0.9}, List.of(fine, dark));
    assertThat(d.referred()).isTrue();
    assertThat(d.proposed()).isEqualTo(Management.EXC);
    assertThat(d.referral().reason()).isEqualTo(Referral.Reason.QUALITY_GATE);
    assertThat(d.referral().findings()).extracting(Referral.Finding::image).containsOnly("derm");
    assertThat(d.referral().findings().get(0).check()).isEqualTo("DARK");
    assertThat(d.referral().describe()).startsWith("QUALITY_GATE: derm DARK: mean_luma ")
        .contains(" < 30");
    Decision before = Decider.referForQuality(List.of(fine, dark));
    assertThat(before.proposed()).isNull();
    assertThat(before.label()).isEqualTo("REFER");
    assertThatThrownBy(() -> Decider.referForQuality(List.of(fine)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Decider.of(new ArgmaxPolicy()).decide(new double[] {0.05, 0.05, 0.9},
        List.of(fine)).label()).isEqualTo("EXC");
  }
}
