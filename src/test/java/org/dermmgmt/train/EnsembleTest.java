package org.dermmgmt.train;

import org.dermmgmt.infer.TrainedModel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ensemble K trains K seeded members, resumes member by member, and predicts their mean. */
class EnsembleTest {
  @TempDir static Path dir;
  static Path data;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = Synthetic.dataset(dir);
  }

  @Test
  void membersAreSeededRunsAndPredictionsAreTheirMean() throws Exception {
    Path run = dir.resolve("ensemble");
    CliRun t = CliRun.of(Synthetic.train(data, run, "multi", "--epochs", "1", "--ensemble", "2",
        "--head-warmup", "1", "--views", "1", "--json"));
    assertThat(t.exit()).as(t.all()).isZero();
    JsonNode result = JSON.readTree(t.out());
    assertThat(result.get("epochsRun").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(run.resolve("config.json").toFile()).at("/options/ensemble").asInt()).isEqualTo(2);
    for (int i = 1; i <= 2; i++) {
      JsonNode member = JSON.readTree(run.resolve("member-" + i + "/config.json").toFile());
      assertThat(member.at("/options/seed").asLong()).isEqualTo(42 + i - 1);
      assertThat(member.at("/options/ensemble").asInt()).isEqualTo(1);
      assertThat(member.at("/provenance/ensemble_member").asInt()).isEqualTo(i);
      assertThat(run.resolve("member-" + i + "/model.params")).exists();
    }

    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<LesionCase> cases = release.split(Split.TEST);
    List<Prediction> mean;
    List<Prediction> one;
    List<Prediction> two;
    try (TrainedModel ensemble = TrainedModel.load(run);
        TrainedModel m1 = TrainedModel.load(run.resolve("member-1"));
        TrainedModel m2 = TrainedModel.load(run.resolve("member-2"))) {
      assertThat(ensemble.size()).isEqualTo(2);
      mean = TrainedModel.predict(release, cases, ensemble.inferer(1), null);
      one = TrainedModel.predict(release, cases, m1.inferer(1), null);
      two = TrainedModel.predict(release, cases, m2.inferer(1), null);
    }
    int management = Task.MULTI.headIndex(Task.MANAGEMENT);
    boolean membersDiffer = false;
    for (int i = 0; i < cases.size(); i++) {
      double[] a = one.get(i).probabilities().get(management);
      double[] b = two.get(i).probabilities().get(management);
      double[] m = mean.get(i).probabilities().get(management);
      for (int c = 0; c < m.length; c++) {
        assertThat(m[c]).isCloseTo((a[c] + b[c]) / 2, org.assertj.core.data.Offset.offset(1e-6));
        membersDiffer |= Math.abs(a[c] - b[c]) > 1e-6;
      }
    }
    assertThat(membersDiffer).as("members trained with different seeds differ").isTrue();

    // The result's figure is the ensemble's own accuracy on the selection cases (plain view).
    List<LesionCase> select = release.split(Split.VALID);
    List<Prediction> selected;
    try (TrainedModel ensemble = TrainedModel.load(run)) {
      selected = TrainedModel.predict(release, select, ensemble.inferer(0), null);
    }
    int right = 0;
    for (int i = 0; i < select.size(); i++) {
      double[] p = selected.get(i).probabilities().get(management);
      right += org.dermmgmt.eval.EvaluatedCase.argmax(p) == select.get(i).management().ordinal() ? 1 : 0;
    }
    assertThat(result.get("bestAccuracy").asDouble()).isCloseTo((double) right / select.size(), org.assertj.core.data.Offset.offset(1e-9));

    CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(),
        "--split", "test", "--out", run.resolve("eval").toString());
    assertThat(e.exit()).as(e.all()).isZero();
    assertThat(Files.readAllLines(run.resolve("eval/predictions.csv"))).hasSize(cases.size() + 1);
  }

  @Test
  void anInterruptedEnsembleResumesAtTheMissingMember() throws Exception {
    Path run = dir.resolve("resumed");
    CliRun t = CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "1", "--ensemble", "2",
        "--head-warmup", "0", "--views", "1", "--backbone-lr-scale", "0.1"));
    assertThat(t.exit()).as(t.all()).isZero();
    assertThat(JSON.readTree(run.resolve("member-2/config.json").toFile()).at("/options/backboneLrScale").asDouble())
        .isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
    byte[] first = Files.readAllBytes(run.resolve("member-1/model.params"));
    deleteTree(run.resolve("member-2"));

    CliRun broken = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test");
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err()).contains("member 2 has not started").contains("--resume");

    CliRun again = CliRun.of(Synthetic.train(data, run, "mgmt"));
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("already holds a run");

    CliRun r = CliRun.of("train", "--resume", run.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.err()).contains("member 2 of 2").contains("run already finished");
    assertThat(run.resolve("member-2/model.params")).exists();
    assertThat(Files.readAllBytes(run.resolve("member-1/model.params"))).isEqualTo(first);
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
