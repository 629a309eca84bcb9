package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dermmgmt.UserInputException;
import org.dermmgmt.model.Task;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.train.TrainPresets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How command-line options turn into {@link TrainOptions}. */
class TrainOptionsMixinTest {
  @Command(name = "t")
  static final class Holder {
    @Mixin TrainOptionsMixin options;
  }

  private static TrainOptions parse(String task, String... args) {
    Holder h = new Holder();
    new CommandLine(h).parseArgs(args);
    return h.options.toOptions(task, null);
  }

  @Test
  void unsetOptionsTakeTheMeasuredDefaults() {
    assertThat(parse("mgmt")).isEqualTo(TrainPresets.defaults(Task.MGMT));
  }

  @Test
  void theDefaultIsOneResNetMemberAndEachBackboneStartsFromItsOwnPreset() {
    TrainOptions d = parse("multi");
    assertThat(d.backbone()).isEqualTo("resnet50");
    assertThat(d.ensemble()).isEqualTo(1);
    assertThat(d.freezeStages()).isEqualTo(3);
    assertThat(d.epochs()).isEqualTo(6);
    // --backbone mobilenet_v2 is MobileNetV2's measured best (three members, every layer
    // trained: it has no freezable stages), not ResNet-50's settings on another network.
    TrainOptions m = parse("multi", "--backbone", "mobilenet_v2");
    assertThat(m).isEqualTo(TrainPresets.defaults(Task.MULTI, "mobilenet_v2"));
    assertThat(m.ensemble()).isEqualTo(3);
    assertThat(m.freezeStages()).isZero();
    assertThat(m.epochs()).isEqualTo(12);
    // The frozen preset stays on MobileNetV2 (features in minutes) unless --backbone says otherwise.
    assertThat(parse("multi", "--freeze-backbone").backbone()).isEqualTo("mobilenet_v2");
    TrainOptions frozenResNet = parse("multi", "--freeze-backbone", "--backbone", "resnet50");
    assertThat(frozenResNet.backbone()).isEqualTo("resnet50");
    assertThat(frozenResNet.ensemble()).isEqualTo(1);
    assertThat(frozenResNet.freezeStages()).isZero();
    assertThat(frozenResNet.epochs()).isEqualTo(TrainPresets.frozen(Task.MULTI).epochs());
  }

  @Test
  void freezeBackboneStartsFromTheFrozenPreset() {
    TrainOptions frozen = parse("multi", "--freeze-backbone");
    assertThat(frozen).isEqualTo(TrainPresets.frozen(Task.MULTI));
    assertThat(frozen.epochs()).isNotEqualTo(TrainPresets.defaults(Task.MULTI).epochs());
    assertThat(frozen.ensemble()).isEqualTo(1);
    // The fine-tuning refinements stay off in the frozen preset, where they were not measured.
    assertThat(frozen.mixup()).isZero();
    assertThat(frozen.averageLast()).isZero();
    assertThat(frozen.lrWarmup()).isZero();
    // An explicit option still wins over the preset.
    assertThat(parse("multi", "--freeze-backbone", "--epochs", "7").epochs()).isEqualTo(7);
  }

  @Test
  void everySetOptionReplacesItsDefault() {
    TrainOptions o = parse("diag", "--epochs", "3", "--batch-size", "5", "--lr", "0.01", "--seed", "9",
        "--image-size", "96", "--ensemble", "2", "--backbone-lr-scale", "0.5", "--select-by", "AUROC",
        "--task-weight", "diagnosis=0.5", "--train-splits", "train,valid", "--select-split", "train",
        "--mixup", "0.3", "--average-last", "4", "--lr-warmup", "2", "--label-smoothing", "0.05");
    assertThat(o.task()).isEqualTo(Task.DIAG);
    assertThat(o.epochs()).isEqualTo(3);
    assertThat(o.batchSize()).isEqualTo(5);
    assertThat(o.learningRate()).isEqualTo(0.01f);
    assertThat(o.seed()).isEqualTo(9L);
    assertThat(o.imageSize()).isEqualTo(96);
    assertThat(o.ensemble()).isEqualTo(2);
    assertThat(o.backboneLrScale()).isEqualTo(0.5f);
    assertThat(o.selectBy()).isEqualTo("auroc");
    assertThat(o.taskWeights()).containsEntry("diagnosis", 0.5f);
    assertThat(o.trainSplits()).hasSize(2);
    assertThat(o.mixup()).isEqualTo(0.3f);
    assertThat(o.averageLast()).isEqualTo(4);
    assertThat(o.lrWarmup()).isEqualTo(2);
    assertThat(o.labelSmoothing()).isEqualTo(0.05f);
    assertThat(o.member(2).seed()).isEqualTo(10L);
    assertThat(o.member(2).ensemble()).isEqualTo(1);
  }

  @Test
  void zeroEnsembleOnTheCommandLineIsRefused() {
    assertThatThrownBy(() -> parse("mgmt", "--ensemble", "0"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--ensemble");
  }

  @Test
  void aConfigWrittenBeforeNewerOptionsStillReads() throws Exception {
    TrainOptions d = TrainPresets.defaults(Task.MULTI).toBuilder().ensemble(3).labelSmoothing(0.1f).build();
    com.fasterxml.jackson.databind.node.ObjectNode json = org.dermmgmt.infer.RunDir.JSON.valueToTree(d);
    json.remove(java.util.List.of("ensemble", "backboneLrScale", "labelSmoothing"));
    TrainOptions old = org.dermmgmt.infer.RunDir.JSON.treeToValue(json, TrainOptions.class);
    assertThat(old.ensemble()).isEqualTo(1);
    assertThat(old.backboneLrScale()).isEqualTo(1f);
    assertThat(old.labelSmoothing()).isZero();
    assertThat(old.toBuilder().ensemble(3).labelSmoothing(0.1f).build()).isEqualTo(d);
  }
}
