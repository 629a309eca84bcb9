package org.dermmgmt.data.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case table exported from the real release's train and valid cases (in a temporary folder,
 * never committed) reads back as the same cases in the same order: case numbers, labels,
 * metadata, image files, split order and metadata vocabulary, so training on it sees what
 * training on the release sees (skipped without ../shared).
 */
class RealTableTest {
  @TempDir Path dir;

  @Test
  void tableFromTheReleaseReadsBackAsTheSameCases() throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(RealData.rootOrSkip());
    Path csv = TableExport.write(release, List.of(Split.TRAIN, Split.VALID), dir);
    CaseTable table = CaseTable.open(csv);
    for (Split s : List.of(Split.TRAIN, Split.VALID)) {
      List<LesionCase> a = table.split(s);
      List<LesionCase> b = release.split(s);
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.size(); i++) {
        LesionCase x = a.get(i);
        LesionCase y = b.get(i);
        assertThat(x.caseNum()).isEqualTo(y.caseNum());
        assertThat(List.<Object>of(x.management(), x.group(), x.sex(), x.location(), x.elevation()))
            .isEqualTo(List.<Object>of(y.management(), y.group(), y.sex(), y.location(), y.elevation()));
        assertThat(x.criteria()).containsExactly(y.criteria());
        assertThat(x.sevenPointScore()).isEqualTo(y.computedSevenPointScore());
        assertThat(table.image(x.derm()).toRealPath()).isEqualTo(release.image(y.derm()).toRealPath());
        assertThat(table.image(x.clinic()).toRealPath()).isEqualTo(release.image(y.clinic()).toRealPath());
      }
    }
    assertThat(table.split(Split.TRAIN)).hasSize(413);
    assertThat(table.split(Split.VALID)).hasSize(203);
    assertThat(MetadataVocabulary.fromCases(table.split(Split.TRAIN))).isEqualTo(MetadataVocabulary.derm7pt());
  }
}
