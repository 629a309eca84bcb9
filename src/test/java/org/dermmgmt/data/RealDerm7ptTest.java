package org.dermmgmt.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RealDerm7ptTest {
  private static Derm7ptRelease release;

  @BeforeAll
  static void open() {
    Path root = RealData.rootOrSkip();
    release = Derm7ptRelease.open(root);
  }

  @Test
  void everyRowParsesWithKnownVocabularies() {
    assertThat(release.rowCount()).isEqualTo(1011);
    assertThat(release.loadProblems()).isEmpty();
    assertThat(release.cases()).hasSize(1011);
  }

  @Test
  void computedSevenPointScoreEqualsTheColumnOnEveryRow() {
    for (LesionCase c : release.cases()) {
      assertThat(c.computedSevenPointScore()).as("row %d", c.row()).isEqualTo(c.sevenPointScore());
    }
  }

  @Test
  void groupedCriteriaCountsMatchPaperTable() {
    assertThat(groupCounts(Criterion.PIG)).containsExactly(588, 118, 305);
    assertThat(groupCounts(Criterion.VS)).containsExactly(823, 117, 71);
    assertThat(groupCounts(Criterion.RS)).containsExactly(758, 253);
    assertThat(groupCounts(Criterion.PN)).containsExactly(400, 381, 230);
    assertThat(groupCounts(Criterion.BWV)).containsExactly(816, 195);
  }

  private static int[] groupCounts(Criterion c) {
    int[] n = new int[c.numClasses()];
    release.cases().forEach(x -> n[x.criterion(c)]++);
    return n;
  }

  @Test
  void officialSplitSizes() {
    assertThat(release.split(Split.TRAIN)).hasSize(413);
    assertThat(release.split(Split.VALID)).hasSize(203);
    assertThat(release.split(Split.TEST)).hasSize(395);
  }

  @Test
  void managementCountsMatchPaper() {
    Map<Management, Integer> counts = new EnumMap<>(Management.class);
    release.cases().forEach(c -> counts.merge(c.management(), 1, Integer::sum));
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(
        Map.of(Management.NONE, 110, Management.CLNC, 296, Management.EXC, 605));
    Map<Management, Integer> test = new EnumMap<>(Management.class);
    release.split(Split.TEST).forEach(c -> test.merge(c.management(), 1, Integer::sum));
    assertThat(test).containsExactlyInAnyOrderEntriesOf(
        Map.of(Management.NONE, 40, Management.CLNC, 112, Management.EXC, 243));
  }

  @Test
  void nineCasesReuseTheDermoscopicImage() {
    assertThat(release.cases().stream().filter(LesionCase::clinicIsDerm).map(LesionCase::caseNum))
        .containsExactly(565, 800, 824, 827, 833, 834, 839, 844, 851);
  }

  @Test
  void rowIsTheZeroBasedMetaRow() {
    LesionCase row3 = release.cases().get(3);
    assertThat(row3.row()).isEqualTo(3);
    assertThat(row3.caseNum()).isEqualTo(4);
    assertThat(row3.clinic()).isEqualTo("NEL/NEL034.JPG");
    assertThat(row3.derm()).isEqualTo("NEL/Nel035.jpg");
    assertThat(row3.criterion(Criterion.VS)).isEqualTo(1); // within regression → REG
    assertThat(row3.group()).isEqualTo(DiagnosisGroup.BCC);
  }

  @Test
  void imagePathsAreCaseSensitive() {
    LesionCase train = release.split(Split.TRAIN).get(0);
    assertThat(release.image(train.derm())).isRegularFile();
    String otherCase = train.derm().endsWith(".jpg")
        ? train.derm().replace(".jpg", ".JPG") : train.derm().replace(".JPG", ".jpg");
    assertThat(release.image(otherCase)).doesNotExist();
    assertThat(release.root().resolve("images/FCL")).isDirectory();
  }

  @Test
  void csvChecksumsMatchTheOfficialRelease() {
    assertThat(release.csvSha256())
        .containsEntry("meta/meta.csv", "9a89c0a646148d8cdfca81b7cded273111b07eb383eadf409c966fc75b20fc60")
        .containsEntry("meta/test_indexes.csv", "ee0b168a561b5b8c841d8f5ab6e1b42ea6136fd67bcf4251bb7cca6373dd8345")
        .hasSize(4);
  }

  @Test
  void metadataEncodesEveryCase() {
    for (LesionCase c : release.cases()) {
      float[] v = MetadataEncoder.encode(c);
      double sum = 0;
      for (float f : v) {
        sum += f;
      }
      assertThat(sum).isEqualTo(3.0);
    }
    assertThat(MetadataEncoder.featureNames()).hasSize(MetadataEncoder.SIZE);
    assertThat(List.of(MetadataEncoder.SIZE)).containsExactly(14);
  }
}
