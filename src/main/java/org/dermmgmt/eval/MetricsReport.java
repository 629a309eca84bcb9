package org.dermmgmt.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;

/**
 * Everything {@code metrics.json} holds. Built by {@link Evaluator#evaluate}. Undefined metrics
 * are NaN here and null in the file.
 *
 * <p>metrics.json keys (a contract with evaluate/compare/crossval/reproduce): split, n, task,
 * accuracy, macro{sensitivity,specificity,precision,auroc}, per_class{NONE,CLNC,EXC}{same four},
 * confusion{labels,matrix (rows = truth, cols = prediction)}, over_excision_rate,
 * missed_malignancy_rate, ece, brier, ci95{accuracy,macro_auroc}; extras: seed,
 * bootstrap_resamples, ece_bins, diagnosis{n,accuracy,macro_auroc} (only when diagnosis outputs
 * exist) and provenance.
 *
 * @param confusion counts[truth][predicted] in Management order
 * @param ci95Accuracy percentile bootstrap [lo, hi]
 * @param diagnosis 5-class diagnosis metrics, or null when the cases carry no diagnosis output
 * @param provenance caller-supplied facts (model, data, commit ...), written as given
 */
public record MetricsReport(
    String split,
    int n,
    String task,
    double accuracy,
    ClassScores macro,
    Map<Management, ClassScores> perClass,
    int[][] confusion,
    double overExcisionRate,
    double missedMalignancyRate,
    double ece,
    double brier,
    double[] ci95Accuracy,
    double[] ci95MacroAuroc,
    DiagnosisScores diagnosis,
    long seed,
    int bootstrapResamples,
    int eceBins,
    Map<String, Object> provenance) {

  /** Accuracy and macro AUROC of the 5-class diagnosis head. */
  public record DiagnosisScores(int n, double accuracy, double macroAuroc) {}

  public MetricsReport {
    perClass = new EnumMap<>(perClass);
    provenance = provenance == null ? Map.of() : new LinkedHashMap<>(provenance);
  }

  public ClassScores perClass(Management m) {
    return perClass.get(m);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("split", split);
    o.put("n", n);
    o.put("task", task);
    Json.put(o, "accuracy", accuracy);
    o.set("macro", macro.toJson());
    ObjectNode pc = o.putObject("per_class");
    for (Management m : Management.ALL) {
      pc.set(m.name(), perClass.get(m).toJson());
    }
    ObjectNode cm = o.putObject("confusion");
    ArrayNode labels = cm.putArray("labels");
    Management.ALL.forEach(m -> labels.add(m.name()));
    ArrayNode rows = cm.putArray("matrix");
    for (int[] r : confusion) {
      ArrayNode row = rows.addArray();
      for (int v : r) {
        row.add(v);
      }
    }
    Json.put(o, "over_excision_rate", overExcisionRate);
    Json.put(o, "missed_malignancy_rate", missedMalignancyRate);
    Json.put(o, "ece", ece);
    Json.put(o, "brier", brier);
    ObjectNode ci = o.putObject("ci95");
    ci.set("accuracy", Json.array(ci95Accuracy));
    ci.set("macro_auroc", Json.array(ci95MacroAuroc));
    o.put("seed", seed);
    o.put("bootstrap_resamples", bootstrapResamples);
    o.put("ece_bins", eceBins);
    if (diagnosis != null) {
      ObjectNode d = o.putObject("diagnosis");
      d.put("n", diagnosis.n());
      Json.put(d, "accuracy", diagnosis.accuracy());
      Json.put(d, "macro_auroc", diagnosis.macroAuroc());
    }
    o.set("provenance", Json.MAPPER.valueToTree(provenance));
    return o;
  }

  public static MetricsReport fromJson(JsonNode o, String source) {
    try {
      require(o, source, "split", "n", "task", "accuracy", "macro", "per_class", "confusion",
          "over_excision_rate", "missed_malignancy_rate", "ece", "brier", "ci95");
      Map<Management, ClassScores> pc = new EnumMap<>(Management.class);
      for (Management m : Management.ALL) {
        JsonNode c = o.path("per_class").get(m.name());
        if (c == null) {
          throw new UserInputException(source + ": per_class." + m.name() + " is missing");
        }
        pc.put(m, ClassScores.fromJson(c));
      }
      JsonNode mat = o.path("confusion").path("matrix");
      int[][] confusion = new int[mat.size()][];
      for (int i = 0; i < confusion.length; i++) {
        confusion[i] = new int[mat.get(i).size()];
        for (int j = 0; j < confusion[i].length; j++) {
          confusion[i][j] = mat.get(i).get(j).asInt();
        }
      }
      JsonNode d = o.get("diagnosis");
      DiagnosisScores diag =
          d == null || d.isNull()
              ? null
              : new DiagnosisScores(
                  d.path("n").asInt(), Json.num(d.get("accuracy")), Json.num(d.get("macro_auroc")));
      Map<String, Object> prov =
          o.has("provenance")
              ? Json.MAPPER.convertValue(
                  o.get("provenance"), new TypeReference<LinkedHashMap<String, Object>>() {})
              : Map.of();
      return new MetricsReport(
          o.get("split").asText(),
          o.get("n").asInt(),
          o.get("task").asText(),
          Json.num(o.get("accuracy")),
          ClassScores.fromJson(o.get("macro")),
          pc,
          confusion,
          Json.num(o.get("over_excision_rate")),
          Json.num(o.get("missed_malignancy_rate")),
          Json.num(o.get("ece")),
          Json.num(o.get("brier")),
          Json.nums(o.path("ci95").path("accuracy")),
          Json.nums(o.path("ci95").path("macro_auroc")),
          diag,
          o.path("seed").asLong(0),
          o.path("bootstrap_resamples").asInt(0),
          o.path("ece_bins").asInt(Calibration.DEFAULT_BINS),
          prov);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(source + ": " + e.getMessage(), e);
    }
  }

  private static void require(JsonNode o, String source, String... keys) {
    for (String k : keys) {
      if (!o.has(k)) {
        throw new UserInputException(source + ": key '" + k + "' is missing");
      }
    }
  }

  public void write(Path file) {
    Json.write(toJson(), file);
  }

  public static MetricsReport read(Path file) {
    return fromJson(Json.read(file), file.toString());
  }

  @Override
  public String toString() {
    return Json.text(toJson());
  }
}
