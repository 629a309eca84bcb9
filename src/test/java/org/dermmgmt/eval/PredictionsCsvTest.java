package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsCsvTest {
  @TempDir Path dir;

  @Test
  void roundTripWithoutDiagnosis() throws Exception {
    Path f = dir.resolve("predictions.csv");
    PredictionsCsv.write(Fixtures.small(), f);
    List<String> lines = Files.readAllLines(f);
    assertThat(lines.get(0))
        .isEqualTo("case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management");
    assertThat(lines.get(1)).isEqualTo("100,test,NONE,0.5,0.3,0.2,NONE");
    assertThat(PredictionsCsv.read(f)).isEqualTo(Fixtures.small());
  }

  @Test
  void aManagementModelKeepsTheTrueDiagnosis() throws Exception {
    // No diagnosis head, but the cases' diagnoses are known: the safety policy is fitted on them.
    List<EvaluatedCase> cases = Fixtures.smallWithDiagnosis().stream()
        .map(c -> new EvaluatedCase(c.caseNum(), c.split(), c.truth(), c.pManagement(), c.trueDiagnosis(), null))
        .toList();
    Path f = dir.resolve("predictions.csv");
    PredictionsCsv.write(cases, f);
    assertThat(Files.readAllLines(f).get(0)).isEqualTo(
        "case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management,true_diagnosis");
    List<EvaluatedCase> back = PredictionsCsv.read(f);
    assertThat(back).isEqualTo(cases);
    assertThat(back).extracting(EvaluatedCase::trueDiagnosis).doesNotContainNull();
  }

  @Test
  void roundTripWithDiagnosis() throws Exception {
    Path f = dir.resolve("predictions.csv");
    PredictionsCsv.write(Fixtures.smallWithDiagnosis(), f);
    assertThat(Files.readAllLines(f).get(0)).isEqualTo(
        "case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management,"
            + "true_diagnosis,p_BCC,p_NEV,p_MEL,p_MISC,p_SK,predicted_diagnosis");
    assertThat(PredictionsCsv.read(f)).isEqualTo(Fixtures.smallWithDiagnosis());
  }

  @Test
  void malformedValueNamesFileRowAndColumn() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management\n"
        + "1,test,NONE,0.5,0.3,0.2,NONE\n"
        + "2,test,EXC,0.5,abc,0.2,NONE\n");
    assertThatThrownBy(() -> PredictionsCsv.read(f))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("bad.csv")
        .hasMessageContaining("row 2")
        .hasMessageContaining("p_CLNC");
  }

  @Test
  void badLabelMissingColumnAndShortRow() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management\n"
        + "1,test,MAYBE,0.5,0.3,0.2,NONE\n");
    assertThatThrownBy(() -> PredictionsCsv.read(f))
        .hasMessageContaining("row 1").hasMessageContaining("true_management");
    Files.writeString(f, "case_num,split,p_NONE\n1,test,0.5\n");
    assertThatThrownBy(() -> PredictionsCsv.read(f))
        .isInstanceOf(UserInputException.class).hasMessageContaining("true_management");
    Files.writeString(f, "case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management\n"
        + "1,test,NONE,0.5\n");
    assertThatThrownBy(() -> PredictionsCsv.read(f))
        .isInstanceOf(UserInputException.class).hasMessageContaining("row 1");
  }
}
