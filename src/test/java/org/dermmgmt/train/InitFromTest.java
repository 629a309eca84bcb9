package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.dermmgmt.infer.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --init-from: a new run (another seed, another dataset with its own metadata vocabulary)
 * starts from a trained run's weights; what cannot be copied keeps its initialisation and is named.
 */
class InitFromTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void trainSource() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    Path data = SyntheticDerm7pt.write(dir.resolve("release"), 40, 40, 3);
    source = dir.resolve("source");
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", source.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "2", "--seed", "1");
    assertThat(t.exit()).as(t.all()).isZero();
  }

  @Test
  void aClinicTableStartsFromTheSourceStreamsAndKeepsItsOwnMetadataLayer() throws Exception {
    Path table = SyntheticTable.write(dir.resolve("clinic"), 40, 40, 9);
    // The clinic's body sites are not Derm7pt's: a vocabulary of another width.
    String csv = Files.readString(table);
    Files.writeString(table, csv.replace(",back,", ",scalp,").replace(",abdomen,", ",scalp,")
        .replace(",chest,", ",scalp,"));
    Path run = dir.resolve("clinic-run");
    CliRun t = CliRun.of("train", "--data", table.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "1", "--seed", "7",
        "--init-from", source.toString());
    assertThat(t.exit()).as(t.all()).isZero();
    assertThat(t.err()).containsPattern("initialised \\d+ of \\d+ parameter arrays from").contains("kept as initialised")
        .contains("shape");
    assertThat(Files.readString(run.resolve("config.json"))).contains("\"initFrom\"").contains(source.toString());

    Map<String, float[]> from = parameters(source);
    Map<String, float[]> to = parameters(run);
    int sameStreams = 0;
    for (Map.Entry<String, float[]> e : to.entrySet()) {
      if (isStream(e.getKey())) {
        // Frozen streams: still exactly the source's, not seed 7's initialisation.
        assertThat(e.getValue()).as(e.getKey()).containsExactly(from.get(e.getKey()));
        sameStreams++;
      }
    }
    assertThat(sameStreams).isPositive();
    assertThat(to.keySet().stream().anyMatch(k -> from.containsKey(k) && from.get(k).length != to.get(k).length))
        .as("the metadata-dependent layer has its own shape").isTrue();
  }

  @Test
  void withoutInitFromTheStreamsAreTheSeedsOwn() throws Exception {
    Path data = SyntheticDerm7pt.write(dir.resolve("release-b"), 40, 40, 3);
    Path run = dir.resolve("fresh");
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "1", "--seed", "7");
    assertThat(t.exit()).as(t.all()).isZero();
    Map<String, float[]> from = parameters(source);
    Map<String, float[]> fresh = parameters(run);
    boolean anyDiffers = fresh.entrySet().stream()
        .anyMatch(e -> isStream(e.getKey()) && !Arrays.equals(e.getValue(), from.get(e.getKey())));
    assertThat(anyDiffers).as("the control: another seed gives other streams").isTrue();
  }

  @Test
  void anotherBackboneOrAMissingRunIsRefusedInOneLine() {
    Path data = SyntheticDerm7pt.write(dir.resolve("release-c"), 40, 40, 3);
    CliRun other = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("r50").toString(), "--task",
        "multi", "--backbone", "tiny_resnet", "--image-size", "32", "--freeze-backbone", "--epochs", "1",
        "--init-from", source.toString());
    assertThat(other.exit()).as(other.all()).isEqualTo(2);
    assertThat(other.lastErrLine()).contains("--init-from").contains("share no parameter").contains("tiny_resnet");
    CliRun none = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("none").toString(),
        "--backbone", "tiny", "--image-size", "32", "--init-from", dir.resolve("nope").toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.lastErrLine()).contains("--init-from").contains("not a trained run");
  }

  private static boolean isStream(String name) {
    return !name.contains("head"); // FusionNet's children: the stream(s), then "head"
  }

  private static Map<String, float[]> parameters(Path run) {
    Map<String, float[]> m = new HashMap<>();
    try (TrainedModel model = TrainedModel.load(run)) {
      for (Pair<String, Parameter> p : model.networks().get(0).getParameters()) {
        m.put(p.getKey(), p.getValue().getArray().toFloatArray());
      }
    }
    return m;
  }
}
