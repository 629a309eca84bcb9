package org.dermmgmt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.dermmgmt.model.Task;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.train.TrainPresets;
import org.junit.jupiter.api.Test;

class WallTimeModelTest {
  private final TrainOptions fineTuned = TrainPresets.defaults(Task.MULTI);
  private final WallTimeModel bf16 = new WallTimeModel(Precision.BF16, 2);

  @Test
  void fp32CostsMoreThanBf16AndMoreCoresCostLess() {
    WallTimeModel fp32 = new WallTimeModel(Precision.FP32, 2);
    assertThat(fp32.training(fineTuned, 330, 83)).isGreaterThan(bf16.training(fineTuned, 330, 83));
    assertThat(fp32.evaluation(203, 5, 3)).isGreaterThan(bf16.evaluation(203, 5, 3));
    WallTimeModel four = new WallTimeModel(Precision.BF16, 4);
    assertThat(four.features(826, 5)).isCloseTo(bf16.features(826, 5) / 2, within(1e-9));
  }

  @Test
  void aFineTunedEnsembleCostsItsMembersAndAFrozenRunOnlyItsHeadEpochs() {
    TrainOptions single = fineTuned.toBuilder().ensemble(1).build();
    TrainOptions triple = fineTuned.toBuilder().ensemble(3).build();
    assertThat(bf16.training(triple, 330, 83)).isGreaterThan(2.9 * bf16.training(single, 330, 83));
    TrainOptions frozen = TrainPresets.frozen(Task.MULTI);
    assertThat(bf16.training(frozen, 330, 83)).isEqualTo(bf16.training(frozen, 3300, 830))
        .isLessThan(bf16.training(single, 330, 83));
  }

  @Test
  void theDefaultMembersCostIsWhatTheSeventhSessionMeasured() {
    // A default member on 330 training and 83 selection cases took about 180 s in the full
    // reproduction (BENCHMARKS.md); the model must stay within a quarter of it.
    double member = bf16.training(fineTuned.toBuilder().ensemble(1).build(), 330, 83);
    assertThat(member).isBetween(135.0, 225.0);
  }
}
