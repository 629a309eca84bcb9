package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.model.CaseBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixupTest {
  @TempDir Path dir;

  @Test
  void drawsArePermutationsWithWeightsInUnitIntervalAndRepeatWithTheSeed() {
    Mixup a = new Mixup(0.4f, 7);
    Mixup b = new Mixup(0.4f, 7);
    boolean someMoved = false;
    for (int k = 0; k < 20; k++) {
      Mixup.Draw x = a.draw(6);
      Mixup.Draw y = b.draw(6);
      assertThat(x.lambda()).isBetween(0f, 1f).isEqualTo(y.lambda());
      assertThat(x.partner()).containsExactly(y.partner());
      assertThat(x.partner()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
      someMoved |= !Arrays.equals(x.partner(), new int[] {0, 1, 2, 3, 4, 5});
      assertThat(x.partners(List.of("a", "b", "c", "d", "e", "f")).get(0))
          .isEqualTo(List.of("a", "b", "c", "d", "e", "f").get(x.partner()[0]));
    }
    assertThat(someMoved).isTrue();
    assertThatThrownBy(() -> new Mixup(0f, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchBlendsEachCaseWithItsPartner() {
    // Two cases, one float per image plane (imageSize 0 keeps the arrays tiny), two metadata values.
    List<LesionCase> cases = List.of(lesion(1), lesion(2));
    CaseBatch batch = new CaseBatch(cases.size(), new float[] {1, 3}, new float[] {10, 30}, new float[] {1, 0, 0, 1}, 0);
    CaseBatch mixed = batch.mixWith(new int[] {1, 0}, 0.75f);
    assertThat(mixed.size()).isEqualTo(2);
    assertThat(mixed.clinic()).containsExactly(1.5f, 2.5f);
    assertThat(mixed.derm()).containsExactly(15f, 25f);
    assertThat(mixed.meta()).containsExactly(0.75f, 0.25f, 0.25f, 0.75f);
    assertThat(batch.clinic()).as("the original batch is untouched").containsExactly(1f, 3f);
    assertThatThrownBy(() -> batch.mixWith(new int[] {0}, 0.5f)).isInstanceOf(IllegalArgumentException.class);
  }

  private static LesionCase lesion(int row) {
    return new LesionCase(row, row + 1, "clark nevus", DiagnosisGroup.NEV, new int[7], 0, Management.CLNC,
        "female", "back", "flat", "c" + row + ".jpg", "d" + row + ".jpg");
  }

  /** Fine-tuning with --mixup runs end to end, records the option, and trains differently. */
  @Test
  void fineTuningWithMixupRecordsItAndChangesTheLoss() throws Exception {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    Path data = Synthetic.dataset(dir);
    ObjectMapper json = new ObjectMapper();
    String[] losses = new String[2];
    for (int i = 0; i < 2; i++) {
      Path run = dir.resolve("run" + i);
      CliRun t = CliRun.of(Synthetic.train(data, run, "multi", "--epochs", "1", "--head-warmup", "0",
          "--mixup", i == 0 ? "0" : "0.4"));
      assertThat(t.exit()).as(t.all()).isZero();
      JsonNode config = json.readTree(run.resolve("config.json").toFile());
      assertThat(config.at("/options/mixup").floatValue()).isEqualTo(i == 0 ? 0f : 0.4f);
      losses[i] = Files.readAllLines(run.resolve("history.csv")).get(1).split(",")[1];
    }
    assertThat(losses[1]).as("mixed batches give another training loss").isNotEqualTo(losses[0]);
    CliRun bad = CliRun.of(Synthetic.train(data, dir.resolve("bad"), "multi", "--mixup", "-1"));
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("--mixup");
  }
}
