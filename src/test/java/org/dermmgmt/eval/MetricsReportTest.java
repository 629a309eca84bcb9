package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsReportTest {
  static final Set<String> REQUIRED = Set.of("split", "n", "task", "accuracy", "macro",
      "per_class", "confusion", "over_excision_rate", "missed_malignancy_rate", "ece", "brier",
      "ci95");
  static final Set<String> EXTRAS = Set.of("seed", "bootstrap_resamples", "ece_bins",
      "provenance", "diagnosis");
  static final Set<String> FOUR = Set.of("sensitivity", "specificity", "precision", "auroc");

  @Test
  void schemaIsExactAndNaNIsNull(@TempDir Path dir) throws Exception {
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("model", "m.pt");
    prov.put("git_commit", "abc");
    MetricsReport r = Evaluator.evaluate(Fixtures.small(), "test", "mgmt_pred", 1L, prov, 200);
    Path f = dir.resolve("metrics.json");
    r.write(f);
    String text = Files.readString(f);
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");

    JsonNode root = new ObjectMapper().readTree(text);
    Set<String> keys = fieldNames(root);
    assertThat(keys).containsAll(REQUIRED);
    Set<String> expected = new TreeSet<>(REQUIRED);
    expected.addAll(List.of("seed", "bootstrap_resamples", "ece_bins", "provenance"));
    assertThat(keys).isEqualTo(expected); // no diagnosis outputs → no diagnosis key
    assertThat(fieldNames(root.get("macro"))).isEqualTo(FOUR);
    assertThat(fieldNames(root.get("per_class"))).isEqualTo(Set.of("NONE", "CLNC", "EXC"));
    for (String c : List.of("NONE", "CLNC", "EXC")) {
      assertThat(fieldNames(root.get("per_class").get(c))).isEqualTo(FOUR);
    }
    assertThat(fieldNames(root.get("confusion"))).isEqualTo(Set.of("labels", "matrix"));
    assertThat(root.get("confusion").get("labels").toString())
        .isEqualTo("[\"NONE\",\"CLNC\",\"EXC\"]");
    JsonNode m = root.get("confusion").get("matrix");
    assertThat(m.size()).isEqualTo(3);
    for (JsonNode row : m) {
      assertThat(row.size()).isEqualTo(3);
      row.forEach(v -> assertThat(v.isInt()).isTrue());
    }
    // Truth NONE (2 cases) predicted NONE both times; see Fixtures.
    assertThat(m.get(0).toString()).isEqualTo("[2,0,0]");
    assertThat(fieldNames(root.get("ci95"))).isEqualTo(Set.of("accuracy", "macro_auroc"));
    assertThat(root.get("ci95").get("accuracy").size()).isEqualTo(2);
    assertThat(root.get("ci95").get("macro_auroc").size()).isEqualTo(2);
    assertThat(root.get("split").asText()).isEqualTo("test");
    assertThat(root.get("task").asText()).isEqualTo("mgmt_pred");
    assertThat(root.get("n").asInt()).isEqualTo(10);
    assertThat(root.get("accuracy").asDouble()).isEqualTo(0.7);
    // No diagnosis truth → missed malignancy undefined → JSON null.
    assertThat(root.get("missed_malignancy_rate").isNull()).isTrue();
    assertThat(root.get("provenance").get("model").asText()).isEqualTo("m.pt");

    MetricsReport back = MetricsReport.read(f);
    assertThat(back.toJson()).isEqualTo(r.toJson());
    assertThat(back.missedMalignancyRate()).isNaN();
    assertThat(back.perClass(Management.EXC)).isEqualTo(r.perClass(Management.EXC));
    assertThat(back.confusion()).isDeepEqualTo(r.confusion());
  }

  @Test
  void diagnosisBlockWhenDiagnosisOutputsExist() {
    MetricsReport r =
        Evaluator.evaluate(Fixtures.smallWithDiagnosis(), "test", "multi", 1L, Map.of(), 100);
    JsonNode d = r.toJson().get("diagnosis");
    assertThat(fieldNames(d)).isEqualTo(Set.of("n", "accuracy", "macro_auroc"));
    assertThat(d.get("n").asInt()).isEqualTo(10);
    // 3 MEL/BCC... cases 2 (MEL, pred EXC), 3 (BCC, EXC), 7 (MEL, EXC), 9 (MEL, pred NONE).
    assertThat(r.missedMalignancyRate()).isEqualTo(0.25);
  }

  @Test
  void missingKeyIsAUserError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.json");
    Files.writeString(f, "{\"split\": \"test\"}");
    assertThatThrownBy(() -> MetricsReport.read(f))
        .isInstanceOf(UserInputException.class).hasMessageContaining("'n'");
  }

  static Set<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return new TreeSet<>(names);
  }
}
