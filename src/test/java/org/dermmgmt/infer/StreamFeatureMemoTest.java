package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature memo changes how often a stream runs, never a probability: models with the same
 * frozen stream share its features, a fine-tuned stream or an edited file is another entry, and
 * errors still name the case and the field.
 */
class StreamFeatureMemoTest {
  @TempDir static Path dir;
  static Path data;
  static Path frozenMulti;
  static Path frozenPredNoMeta;
  static Path fineTuned;
  static Path frozenOtherSeed;

  @BeforeAll
  static void train() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 40, 13);
    frozenMulti = train("frozen-multi", "--task", "multi", "--freeze-backbone", "--views", "2", "--tta", "2");
    frozenPredNoMeta = train("frozen-pred", "--task", "mgmt", "--inputs", "CD", "--freeze-backbone", "--views", "2",
        "--tta", "2");
    frozenOtherSeed = train("frozen-seed7", "--task", "multi", "--freeze-backbone", "--views", "2", "--tta", "2",
        "--seed", "7");
    fineTuned = train("fine", "--task", "multi", "--epochs", "1", "--head-warmup", "0", "--tta", "2");
  }

  private static Path train(String name, String... options) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
        "--backbone", "tiny", "--image-size", "32", "--batch-size", "8", "--ensemble", "1"));
    args.addAll(List.of(options));
    CliRun t = CliRun.of(args.toArray(String[]::new));
    assertThat(t.exit()).as(t.all()).isZero();
    return out;
  }

  @AfterEach
  void off() {
    StreamFeatureMemo.disable();
  }

  private static List<CaseInput> testCases() {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    return release.split(Split.TEST).stream().map(c -> CaseInput.of(release, c)).toList();
  }

  private static List<Prediction> predict(Path run, List<CaseInput> cases) {
    try (TrainedModel model = TrainedModel.load(run)) {
      return model.inferer().predict(cases, null);
    }
  }

  private static void assertSame(List<Prediction> a, List<Prediction> b) {
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).id()).isEqualTo(a.get(i).id());
      for (int h = 0; h < a.get(i).probabilities().size(); h++) {
        assertThat(b.get(i).probabilities().get(h))
            .containsExactly(a.get(i).probabilities().get(h), org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @Test
  void frozenModelsShareTheirStreamsFeaturesAndKeepTheirProbabilities() {
    List<CaseInput> cases = testCases();
    List<Prediction> multiPlain = predict(frozenMulti, cases);
    List<Prediction> predPlain = predict(frozenPredNoMeta, cases);

    StreamFeatureMemo memo = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    assertSame(multiPlain, predict(frozenMulti, cases));
    long computed = memo.misses();
    // Two streams (clinical, dermoscopic) x 3 views x every test case, each looked up once.
    assertThat(computed).isEqualTo(2L * 3 * cases.size());
    assertThat(memo.hits()).isZero();

    // Another task and inputs on the same frozen streams: every feature from the memo.
    assertSame(predPlain, predict(frozenPredNoMeta, cases));
    assertThat(memo.misses()).isEqualTo(computed);
    assertThat(memo.hits()).isEqualTo(2L * 3 * cases.size());
    assertThat(memo.bytes()).isPositive().isLessThanOrEqualTo(StreamFeatureMemo.DEFAULT_BYTES);
  }

  @Test
  void aFrozenRunsTrainingFeaturesServeTheEvaluationsThatFollow() {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<CaseInput> valid = release.split(Split.VALID).stream().map(c -> CaseInput.of(release, c)).toList();
    List<Prediction> plain = predict(frozenMulti, valid);
    StreamFeatureMemo memo = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    // Training reads its features from the disk cache and hands them on.
    train("frozen-again", "--task", "mgmt", "--freeze-backbone", "--views", "2", "--tta", "2", "--epochs", "2");
    assertThat(memo.bytes()).isPositive();
    assertThat(memo.misses()).isZero();
    assertThat(memo.hits()).as("its own calibration pass on the selection (valid) cases").isEqualTo(2L * 3 * valid.size());
    assertSame(plain, predict(frozenMulti, valid));
    assertThat(memo.misses()).as("the selection split's features came from training").isZero();
    assertThat(memo.hits()).isEqualTo(2 * 2L * 3 * valid.size());
  }

  @Test
  void streamsWithOtherWeightsAreOtherFunctionsAndFineTunedOnesSkipTheMemo() {
    List<CaseInput> cases = testCases();
    List<Prediction> otherPlain = predict(frozenOtherSeed, cases);
    List<Prediction> finePlain = predict(fineTuned, cases);
    StreamFeatureMemo memo = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    predict(frozenMulti, cases);
    long before = memo.misses();
    // The tiny backbone's weights come from the seed: another seed, other frozen streams.
    assertSame(otherPlain, predict(frozenOtherSeed, cases));
    assertThat(memo.misses() - before).as("none of the first streams' features serve it").isEqualTo(2L * 3 * cases.size());
    long lookups = memo.misses() + memo.hits();
    assertSame(finePlain, predict(fineTuned, cases));
    assertThat(memo.misses() + memo.hits()).as("a fine-tuned model takes the plain path").isEqualTo(lookups);
    // A model loaded after the memo is off never uses it.
    StreamFeatureMemo.disable();
    assertThat(StreamFeatureMemo.forModel(Precision.FP32)).isNull();
  }

  @Test
  void anEditedFileIsLookedUpAfresh() throws Exception {
    Path copy = dir.resolve("edited");
    org.dermmgmt.TestTrees.copy(data, copy);
    Derm7ptRelease release = Derm7ptRelease.open(copy);
    List<LesionCase> test = release.split(Split.TEST);
    List<CaseInput> cases = test.stream().map(c -> CaseInput.of(release, c)).toList();
    StreamFeatureMemo memo = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    predict(frozenMulti, cases);
    long before = memo.misses();
    // Another photo under the same name: the same path, other bytes, a later time (a clinical
    // image that is not also its case's dermoscopic one).
    List<LesionCase> distinct = test.stream().filter(c -> !c.clinic().equals(c.derm())).toList();
    Path clinic = release.image(distinct.get(0).clinic());
    Files.copy(release.image(distinct.get(1).clinic()), clinic, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(clinic, FileTime.fromMillis(Files.getLastModifiedTime(clinic).toMillis() + 5000));
    List<Prediction> memoised = predict(frozenMulti, cases);
    assertThat(memo.misses() - before).as("the edited image's 3 views").isEqualTo(3);
    StreamFeatureMemo.disable();
    assertSame(predict(frozenMulti, cases), memoised);
  }

  @Test
  void aBrokenImageStillNamesItsCaseAndField() throws Exception {
    Path copy = dir.resolve("broken");
    org.dermmgmt.TestTrees.copy(data, copy);
    Derm7ptRelease release = Derm7ptRelease.open(copy);
    List<LesionCase> test = release.split(Split.TEST);
    Path derm = release.image(test.get(2).derm());
    byte[] bytes = Files.readAllBytes(derm);
    Files.write(derm, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    List<CaseInput> cases = test.stream().map(c -> CaseInput.of(release, c)).toList();
    String plain = messageOf(cases);
    StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    String memoised = messageOf(cases);
    assertThat(memoised).isEqualTo(plain).contains(String.valueOf(test.get(2).caseNum())).contains("derm");
  }

  private static String messageOf(List<CaseInput> cases) {
    try (TrainedModel model = TrainedModel.load(frozenMulti)) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> model.inferer().predict(cases, null));
      assertThat(t).isInstanceOf(UserInputException.class);
      return t.getMessage();
    }
  }

  @Test
  void aCommandsScopeTurnsTheMemoOffAgainOnlyIfItTurnedItOn() {
    try (StreamFeatureMemo.Scope scope = StreamFeatureMemo.during(StreamFeatureMemo.DEFAULT_BYTES)) {
      assertThat(StreamFeatureMemo.forModel(Precision.FP32)).isNotNull();
    }
    assertThat(StreamFeatureMemo.forModel(Precision.FP32)).isNull();
    StreamFeatureMemo outer = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    try (StreamFeatureMemo.Scope scope = StreamFeatureMemo.during(StreamFeatureMemo.DEFAULT_BYTES)) {
      assertThat(StreamFeatureMemo.forModel(Precision.FP32).store()).isSameAs(outer);
    }
    assertThat(StreamFeatureMemo.forModel(Precision.FP32).store()).as("still the caller's").isSameAs(outer);
    // A frozen train turns it on for its own calibration pass and off when done.
    StreamFeatureMemo.disable();
    train("frozen-scoped", "--task", "mgmt", "--freeze-backbone", "--views", "2", "--tta", "2", "--epochs", "1");
    assertThat(StreamFeatureMemo.forModel(Precision.FP32)).isNull();
  }

  @Test
  void aFineTunedRunsHeadWarmUpHandsNothingOver() {
    StreamFeatureMemo memo = StreamFeatureMemo.enable(StreamFeatureMemo.DEFAULT_BYTES);
    train("fine-warm", "--task", "mgmt", "--epochs", "1", "--head-warmup", "1", "--tta", "2");
    assertThat(memo.bytes()).as("no fine-tuned model looks its warm-up features up").isZero();
  }

  @Test
  void theMemoIsBoundedLeastRecentlyUsedFirst() {
    StreamFeatureMemo memo = new StreamFeatureMemo(3 * 4 * 10);
    InferenceSpec spec = InferenceSpec.of(0);
    StreamFeatureMemo.Key[] keys = new StreamFeatureMemo.Key[4];
    for (int i = 0; i < 4; i++) {
      keys[i] = new StreamFeatureMemo.Key("s", "p", spec.seed(), spec.keying(), 0, Path.of("img" + i), 1, 1);
    }
    memo.put(keys[0], new float[10]);
    memo.put(keys[1], new float[10]);
    memo.put(keys[2], new float[10]);
    assertThat(memo.get(keys[0])).isNotNull(); // now the most recently used
    memo.put(keys[3], new float[10]);
    assertThat(memo.bytes()).isEqualTo(120);
    assertThat(memo.get(keys[1])).as("least recently used: out").isNull();
    assertThat(memo.get(keys[0])).isNotNull();
    assertThat(memo.get(keys[3])).isNotNull();
    assertThat(StreamFeatureMemo.key("s", "p", spec, 0, dir.resolve("absent.jpg"))).as("unreadable: no key").isNull();
  }
}
