package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class WarmCosineTest {
  private static Tracker cosine(float base, int total) {
    return CosineTracker.builder().setBaseValue(base).optFinalValue(base * 0.01f).setMaxUpdates(total).build();
  }

  @Test
  void rampsLinearlyThenFollowsTheCosine() {
    WarmCosine s = new WarmCosine(1e-3f, 100, 9);
    Tracker c = cosine(1e-3f, 100);
    // Step n of the ramp is (n + 1) / 10 of the cosine's value: small at first, never zero.
    assertThat(s.getNewValue(0)).isCloseTo(c.getNewValue(0) * 0.1f, within(1e-9f)).isPositive();
    assertThat(s.getNewValue(4)).isCloseTo(c.getNewValue(4) * 0.5f, within(1e-9f));
    for (int n = 1; n < 9; n++) {
      assertThat(s.getNewValue(n)).isGreaterThan(s.getNewValue(n - 1));
    }
    for (int n : new int[] {9, 10, 50, 99, 100}) {
      assertThat(s.getNewValue(n)).isEqualTo(c.getNewValue(n));
    }
    assertThat(s.getNewValue(100)).isCloseTo(1e-5f, within(1e-8f));
  }

  @Test
  void noWarmUpIsThePlainCosine() {
    WarmCosine s = new WarmCosine(1e-4f, 30, 0);
    Tracker c = cosine(1e-4f, 30);
    for (int n = 0; n <= 30; n++) {
      assertThat(s.getNewValue(n)).isEqualTo(c.getNewValue(n));
    }
  }
}
