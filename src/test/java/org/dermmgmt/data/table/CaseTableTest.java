package org.dermmgmt.data.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseTableTest {
  @TempDir Path dir;
  TableFixture f;

  @BeforeEach
  void fixture() {
    f = new TableFixture(dir);
  }

  @Test
  void basicTableMapsRowsOntoCases() {
    CaseTable t = CaseTable.open(f.csv("cases.csv", TableFixture.basic()));
    List<LesionCase> cases = t.cases();
    assertThat(cases).extracting(LesionCase::id).containsExactly("A1", "A2", "A3");
    assertThat(cases).extracting(LesionCase::row).containsExactly(0, 1, 2);
    // Ids are not numbers, so case numbers are row + 1.
    assertThat(cases).extracting(LesionCase::caseNum).containsExactly(1, 2, 3);
    assertThat(cases).extracting(LesionCase::management)
        .containsExactly(Management.NONE, Management.EXC, Management.CLNC);
    LesionCase a3 = cases.get(2);
    assertThat(a3.derm()).isEmpty();
    assertThat(a3.group()).isNull();
    assertThat(a3.criteria()).containsOnly(-1);
    assertThat(t.image(a3.clinic())).isEqualTo(dir.toAbsolutePath().normalize().resolve("img/c3.JPG"));
    assertThat(t.hasDiagnosis()).isFalse();
    assertThat(t.hasCriteria()).isFalse();
    assertThat(t.checksums()).containsKey("cases.csv");
  }

  @Test
  void unusualButValidFilesAreAccepted() {
    String bomCrlf = "\uFEFF" + TableFixture.basic().replace("\n", "\r\n");
    String reordered = "notes,management,derm,clinic,case_id,elevation,location,sex,extra\n"
        + "\"seen twice, then excised\",EXC,img/d1.jpg,img/c1.jpg,A1,flat,back,F,x\n"
        + "\n"
        + ",NONE,img/d2.jpg,img/c2.jpg,A2,Palpable,Head_Neck,m,\n"
        + ",,,,,,,,\n";
    for (String text : new String[] {bomCrlf, reordered}) {
      CaseTable t = CaseTable.open(f.csv("t.csv", text));
      assertThat(t.cases().get(0).id()).isEqualTo("A1");
      assertThat(t.cases().get(1).location()).isEqualTo("head neck");
      assertThat(t.cases().get(1).sex()).isEqualTo("male");
    }
  }

  @Test
  void optionalLabelsAndSplitColumnAreRead() {
    String text = TableFixture.HEADER + ",diagnosis,pigment_network,streaks,pigmentation,regression_structures,"
        + "dots_and_globules,blue_whitish_veil,vascular_structures,split\n"
        + "7,img/c1.jpg,img/d1.jpg,female,back,flat,NONE,SK,ABS,ABS,ABS,ABS,ABS,ABS,ABS,train\n"
        + "12,img/c2.jpg,img/d2.jpg,male,back,flat,EXC,melanoma (in situ),atypical,irregular,ABS,PRS,IR,present,dotted,valid\n"
        + "3,,img/d4.jpg,male,back,flat,CLNC,nev,typical,REG,ABS,ABS,ABS,ABS,ABS,test\n";
    CaseTable t = CaseTable.open(f.csv("labels.csv", text));
    assertThat(t.hasDiagnosis()).isTrue();
    assertThat(t.hasCriteria()).isTrue();
    // Every id is a positive integer: they are the case numbers.
    assertThat(t.cases()).extracting(LesionCase::caseNum).containsExactly(7, 12, 3);
    LesionCase mel = t.split(Split.VALID).get(0);
    assertThat(mel.group()).isEqualTo(DiagnosisGroup.MEL);
    assertThat(mel.criteria()).containsExactly(2, 2, 0, 1, 2, 1, 2);
    assertThat(mel.sevenPointScore()).isEqualTo(2 + 1 + 0 + 1 + 1 + 2 + 2);
    assertThat(t.split(Split.TRAIN)).extracting(LesionCase::id).containsExactly("7");
    assertThat(t.split(Split.TEST).get(0).group()).isEqualTo(DiagnosisGroup.NEV);
  }

  @Test
  void withoutSplitColumnTheSplitIsSeededAndStratified() {
    StringBuilder text = new StringBuilder(TableFixture.HEADER + "\n");
    for (int i = 0; i < 30; i++) {
      text.append("k").append(i).append(",img/c1.jpg,,female,back,flat,").append(Management.ALL.get(i % 3)).append('\n');
    }
    Path csv = f.csv("nosplit.csv", text.toString());
    CaseTable a = CaseTable.builder().setCsv(csv).optSplitSeed(5).open();
    CaseTable b = CaseTable.builder().setCsv(csv).optSplitSeed(5).open();
    CaseTable c = CaseTable.builder().setCsv(csv).optSplitSeed(6).open();
    assertThat(ids(a, Split.TRAIN)).isEqualTo(ids(b, Split.TRAIN));
    assertThat(ids(a, Split.TRAIN)).isNotEqualTo(ids(c, Split.TRAIN));
    for (Management m : Management.ALL) {
      assertThat(a.split(Split.TRAIN).stream().filter(x -> x.management() == m)).hasSize(6);
      assertThat(a.split(Split.VALID).stream().filter(x -> x.management() == m)).hasSize(2);
      assertThat(a.split(Split.TEST).stream().filter(x -> x.management() == m)).hasSize(2);
    }
  }

  @Test
  void refusalsNameFileRowAndField() {
    String h = TableFixture.HEADER;
    assertRefused("sex,case_id,clinic,derm,location,elevation\n", "t.csv, header: missing column management");
    assertRefused(h + "\nA1,img/c1.jpg,img/d1.jpg,female,back,flat,maybe\n",
        "t.csv row 1 (line 2, case A1), field management: unknown management 'maybe'");
    assertRefused(h + "\nA1,img/c1.jpg,img/d1.jpg,female,back,flat,NONE\nA1,img/c2.jpg,,male,back,flat,NONE\n",
        "t.csv row 2, field case_id: case A1 appears again (first at row 1)");
    assertRefused(h + "\nA1,../../etc/passwd,,female,back,flat,NONE\n",
        "row 1 (line 2, case A1), field clinic: path ../../etc/passwd leaves the table's folder");
    assertRefused(h + "\nA1,/etc/passwd,,female,back,flat,NONE\n", "field clinic: path /etc/passwd leaves");
    assertRefused(h + "\nA1,img/c1.jpg,img/nope.jpg,female,back,flat,NONE\n",
        "t.csv row 1 (case A1), field derm: image img/nope.jpg does not exist");
    assertRefused(h + "\nA1,,,female,back,flat,NONE\n", "field clinic: clinic and derm are both empty");
    assertRefused(h + "\nA1,img/c1.jpg,,,back,flat,NONE\n", "field sex: empty sex");
    assertRefused(h + "\nA1,img/c1.jpg,,female,back,flat,NONE,surplus\n", "row 1 (line 2, case A1): has 8 fields");
    assertRefused(h + ",split\nA1,img/c1.jpg,,female,back,flat,NONE,dev\n", "field split: unknown split 'dev'");
    assertRefused(h + "\n\n\nA1,img/c1.jpg,,female,back,flat,NONE\nA2,img/c1.jpg,,female,back,flat,no\n"
        + "A3,img/c1.jpg,,female,back,flat,no\n", "row 2 (line 5, case A2)", "(and 1 more problem(s) in other rows)");
    assertRefused(h + "\n", "has no cases");
    assertRefused(h + ",pigment_network\nA1,img/c1.jpg,,female,back,flat,NONE,ABS\n",
        "has criteria column(s) pigment_network but not streaks");
  }

  @Test
  void aVocabularyRefusesUnknownMetadataValues() {
    Path csv = f.csv("v.csv", TableFixture.HEADER + "\nA1,img/c1.jpg,,female,scalp,flat,NONE\n");
    assertThat(CaseTable.open(csv).cases().get(0).location()).isEqualTo("scalp");
    assertThatThrownBy(() -> CaseTable.builder().setCsv(csv).optVocabulary(MetadataVocabulary.derm7pt()).open())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("v.csv row 1 (line 2, case A1), field location: unknown location 'scalp'")
        .hasMessageContaining("head neck");
  }

  @Test
  void notUtf8IsRefusedWithAHint() throws Exception {
    Path csv = dir.resolve("latin1.csv");
    java.nio.file.Files.write(csv, (TableFixture.HEADER + "\nA1,img/c1.jpg,,female,bras,flat,NONE\n")
        .replace("bras", "bras\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> CaseTable.open(csv)).hasMessageContaining("latin1.csv is not UTF-8");
  }

  private static List<String> ids(CaseTable t, Split s) {
    return t.split(s).stream().map(LesionCase::id).toList();
  }

  private void assertRefused(String text, String... parts) {
    Path csv = f.csv("t.csv", text);
    assertThatThrownBy(() -> CaseTable.open(csv))
        .isInstanceOf(UserInputException.class)
        .satisfies(e -> {
          for (String p : parts) {
            assertThat(e.getMessage()).contains(p);
          }
          assertThat(e.getMessage()).doesNotContain("\n");
        });
  }
}
