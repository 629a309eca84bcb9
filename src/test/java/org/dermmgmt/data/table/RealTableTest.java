package org.dermmgmt.data.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case table written from the real release's train and valid cases (in a temporary folder,
 * never committed) reads back as the same cases in the same order: case numbers, labels,
 * metadata, image files, split order and metadata vocabulary, so training on it sees what
 * training on the release sees (skipped without ../shared).
 */
class RealTableTest {
  @TempDir Path dir;

  @Test
  void tableFromTheReleaseReadsBackAsTheSameCases() throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(RealData.rootOrSkip());
    Map<Integer, Split> splitOf = new HashMap<>();
    for (Split s : List.of(Split.TRAIN, Split.VALID)) {
      release.split(s).forEach(c -> splitOf.put(c.row(), s));
    }
    Path csv = dir.resolve("cases.csv");
    Path images = release.image("").toAbsolutePath().normalize();
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CSVPrinter p = CSVFormat.DEFAULT.print(w)) {
      List<String> header = new ArrayList<>(List.of("case_id", "clinic", "derm", "sex", "location", "elevation",
          "management", "diagnosis"));
      Criterion.ALL.forEach(c -> header.add(c.column()));
      header.add("split");
      p.printRecord(header);
      // Rows in split order (the index files are not sorted): training meets them in the same order.
      List<LesionCase> ordered = new ArrayList<>(release.split(Split.TRAIN));
      ordered.addAll(release.split(Split.VALID));
      for (LesionCase c : ordered) {
        // Images stay where they are: the table reaches them through a link in its folder.
        List<String> row = new ArrayList<>(List.of(String.valueOf(c.caseNum()), "images/" + c.clinic(),
            "images/" + c.derm(), c.sex(), c.location(), c.elevation(), c.management().raw(), c.diagnosis()));
        Criterion.ALL.forEach(k -> row.add(k.labels().get(c.criterion(k))));
        row.add(splitOf.get(c.row()).label());
        p.printRecord(row);
      }
    }
    Files.createSymbolicLink(dir.resolve("images"), images);
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
