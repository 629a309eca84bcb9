package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.RealData;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.data.table.CaseTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data synth --format table} and {@code data check} on a case table. */
class DataTableCommandTest {
  @TempDir Path dir;

  @Test
  void exportedReleaseReadsBackAsTheSameCasesInTheSameOrder() throws Exception {
    Path release = SyntheticDerm7pt.write(dir.resolve("to-export"), 30, 16, 9);
    Path out = dir.resolve("exported");
    CliRun export = CliRun.of("data", "export", "--data", release.toString(), "--splits", "train,valid",
        "--out", out.toString());
    assertThat(export.exit()).as(export.all()).isZero();
    Path csv = out.resolve("cases.csv");
    assertThat(export.out().strip()).isEqualTo(csv.toString());
    CaseTable table = CaseTable.open(csv);
    Derm7ptRelease r = Derm7ptRelease.open(release);
    for (Split s : List.of(Split.TRAIN, Split.VALID)) {
      List<LesionCase> a = table.split(s);
      List<LesionCase> b = r.split(s);
      assertThat(a).extracting(LesionCase::caseNum).isEqualTo(b.stream().map(LesionCase::caseNum).toList());
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i).management()).isEqualTo(b.get(i).management());
        assertThat(a.get(i).criteria()).containsExactly(b.get(i).criteria());
        assertThat(table.image(a.get(i).derm()).toRealPath()).isEqualTo(r.image(b.get(i).derm()).toRealPath());
      }
    }
    assertThat(table.split(Split.TEST)).isEmpty();
    CliRun again = CliRun.of("data", "export", "--data", release.toString(), "--out", out.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.lastErrLine()).contains("already holds a cases.csv");
  }

  @Test
  void synthesizedTableMatchesTheReleaseAndChecksClean() {
    Path out = dir.resolve("table");
    CliRun synth = CliRun.of("data", "synth", "--format", "table", "--out", out.toString(), "--cases", "30",
        "--size", "16", "--seed", "5");
    assertThat(synth.exit()).as(synth.all()).isZero();
    Path csv = out.resolve("cases.csv");
    assertThat(synth.out()).contains(csv.toString());
    assertThat(out.resolve("meta")).doesNotExist();

    CaseTable table = CaseTable.open(csv);
    Derm7ptRelease release = Derm7ptRelease.open(SyntheticDerm7pt.write(dir.resolve("release"), 30, 16, 5));
    for (Split s : Split.values()) {
      List<LesionCase> a = table.split(s);
      List<LesionCase> b = release.split(s);
      assertThat(a).extracting(LesionCase::caseNum).isEqualTo(b.stream().map(LesionCase::caseNum).toList());
      assertThat(a).extracting(LesionCase::row).isEqualTo(b.stream().map(LesionCase::row).toList());
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i).management()).isEqualTo(b.get(i).management());
        assertThat(a.get(i).group()).isEqualTo(b.get(i).group());
        assertThat(a.get(i).criteria()).containsExactly(b.get(i).criteria());
        assertThat(a.get(i).location()).isEqualTo(b.get(i).location());
      }
    }

    CliRun check = CliRun.of("data", "check", "--data", csv.toString());
    assertThat(check.exit()).as(check.all()).isZero();
    assertThat(check.out()).contains("cases per split: train 12, valid 9, test 9").contains("problems: 0")
        .contains("images decoded: 59");
  }

  @Test
  void missingImagesOfATableAreNamedAndBadRowsRefused() throws Exception {
    Path out = dir.resolve("t");
    CliRun.of("data", "synth", "--format", "table", "--out", out.toString(), "--cases", "30", "--size", "16");
    Path csv = out.resolve("cases.csv");
    CaseTable table = CaseTable.open(csv);
    LesionCase gone = table.split(Split.VALID).get(0);
    Files.delete(table.image(gone.derm()));
    CliRun r = CliRun.of("data", "check", "--data", csv.toString(), "--splits", "train,valid");
    assertThat(r.exit()).as(r.all()).isEqualTo(DataCommand.EXIT_UNUSABLE);
    assertThat(r.out()).contains("valid: 1 cases lack images: case " + gone.caseNum())
        .contains("missing files: " + gone.derm());
    assertThat(r.lastErrLine()).contains("valid: 1 cases lack images");

    Files.writeString(csv, Files.readString(csv).replace(",NONE,", ",NOPE,"));
    CliRun bad = CliRun.of("data", "check", "--data", csv.toString());
    assertThat(bad.exit()).isEqualTo(CliErrors.EXIT_BAD_INPUT);
    assertThat(bad.err().strip()).startsWith("error: " + csv).contains("field management: unknown management 'NOPE'")
        .doesNotContain("\tat ");
  }

  @Test
  void realDataNamesTheFirstTenMissingFilesPerSplitThenCounts() {
    Path root = RealData.rootOrSkip();
    CliRun r = CliRun.of("data", "check", "--data", root.toString(), "--no-decode");
    String line = r.out().lines().filter(l -> l.startsWith("    missing files: ")).findFirst().orElseThrow();
    assertThat(line.substring("    missing files: ".length()).split(", ")).hasSize(10);
    assertThat(line).endsWith(" and 778 more (--json lists all 788)");
  }
}
