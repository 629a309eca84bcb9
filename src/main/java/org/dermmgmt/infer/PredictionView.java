package org.dermmgmt.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.decide.ArgmaxPolicy;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.Decision;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.model.Task;

/**
 * What a clinician sees of one prediction: the management probabilities and recommendation, and
 * for models that have them the diagnosis, the seven criteria and the resulting seven-point score.
 * Serialises to the JSON of {@code predict --json} and of the HTTP service.
 */
public record PredictionView(
    String id,
    Management recommendation,
    Map<String, Double> management,
    String managementSource,
    Map<String, Object> model,
    DiagnosisGroup diagnosis,
    Map<String, Double> diagnosisProbabilities,
    Map<String, String> criteria,
    Integer sevenPointScore,
    String decision,
    String referral,
    String policy,
    Map<String, Double> temperatures,
    Map<String, String> quality) {

  /** Uncalibrated, argmax (the view before the decision layer). */
  public static PredictionView of(String id, TrainedModel model, Prediction p) {
    return of(id, model, p, TemperatureCalibration.none(), Decider.of(new ArgmaxPolicy()));
  }

  /**
   * The view with the probabilities calibrated by {@code cal} ({@link TrainedModel#outputs}, as
   * evaluate) and the decision of {@code decider}: {@code recommendation} is the policy's choice,
   * {@code decision} that or REFER.
   */
  public static PredictionView of(String id, TrainedModel model, Prediction p, TemperatureCalibration cal,
      Decider decider) {
    return of(id, model, p, cal, decider, List.of());
  }

  /**
   * As {@link #of(String, TrainedModel, Prediction, TemperatureCalibration, Decider)}, with the
   * image-quality gate's reports: a failed image refers the case, and {@code quality} says per
   * image "passed" or its failed checks (null when the gate did not run).
   */
  public static PredictionView of(String id, TrainedModel model, Prediction p, TemperatureCalibration cal,
      Decider decider, List<QualityReport> reports) {
    Task task = model.task();
    TrainedModel.Outputs out = model.outputs(p, cal);
    double[] mg = out.management();
    Decision decided = decider.decide(mg, reports);
    Map<String, Double> mgmt = new LinkedHashMap<>();
    for (Management m : Management.values()) {
      mgmt.put(m.name(), mg[m.ordinal()]);
    }
    Management rec = decided.proposed();
    DiagnosisGroup diag = null;
    Map<String, Double> diagP = null;
    double[] d = out.diagnosis();
    if (d != null) {
      diagP = new LinkedHashMap<>();
      for (DiagnosisGroup g : DiagnosisGroup.values()) {
        diagP.put(g.name(), d[g.ordinal()]);
      }
      diag = DiagnosisGroup.values()[argmax(d)];
    }
    Map<String, String> criteria = null;
    Integer score = null;
    if (task == Task.MULTI) {
      criteria = new LinkedHashMap<>();
      int[] groups = new int[Criterion.values().length];
      for (Criterion c : Criterion.values()) {
        groups[c.ordinal()] = argmax(p.head(task, c.name()));
        criteria.put(c.name(), c.labels().get(groups[c.ordinal()]));
      }
      score = Criterion.sevenPointScore(groups);
    }
    return new PredictionView(
        id, rec, mgmt, task.predictsManagement() ? "predicted" : "inferred from diagnosis via priors",
        identity(model),
        diag, diagP, criteria, score, decided.label(),
        decided.referred() ? decided.referral().describe() : null, decider.policy().describe(), cal.temperatures(),
        quality(reports));
  }

  private static Map<String, String> quality(List<QualityReport> reports) {
    if (reports.isEmpty()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (QualityReport r : reports) {
      out.put(r.image(), r.passed() ? "passed"
          : String.join("; ", r.failures().stream().map(QualityReport.Result::describe).toList()));
    }
    return out;
  }

  /** The model's identity in every answer: run name, config hash, creation date, views, members, precision. */
  static Map<String, Object> identity(TrainedModel model) {
    Map<String, Object> id = new LinkedHashMap<>();
    id.put("run", model.root().toAbsolutePath().normalize().getFileName().toString());
    id.put("config_sha256", model.card().configSha256());
    id.put("created", model.card().created());
    id.put("views", model.inferer().spec().views());
    id.put("members", model.size());
    id.put("precision", model.precision().label());
    return id;
  }

  /** A few lines of plain text for the terminal. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    if (id != null) {
      sb.append("case ").append(id).append('\n');
    }
    sb.append("decision: ").append(decision).append(referral == null ? "" : " (" + referral + ")").append('\n');
    sb.append("recommended management: ").append(recommendation).append(" (").append(managementSource).append(")\n");
    sb.append("policy: ").append(policy).append(temperatures.isEmpty() ? "; uncalibrated" : "; calibrated " + temperatures)
        .append('\n');
    if (quality != null) {
      sb.append("image quality: ").append(String.join(", ",
          quality.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append('\n');
    }
    management.forEach((k, v) -> sb.append(String.format("  %-5s %.3f%n", k, v)));
    if (diagnosisProbabilities != null) {
      sb.append("diagnosis: ").append(diagnosis).append('\n');
      diagnosisProbabilities.forEach((k, v) -> sb.append(String.format("  %-5s %.3f%n", k, v)));
    }
    if (criteria != null) {
      sb.append("seven-point criteria: ");
      List<String> parts = criteria.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
      sb.append(String.join(" ", parts)).append('\n');
      sb.append("seven-point score: ").append(sevenPointScore).append('\n');
    }
    return sb.toString();
  }

  private static int argmax(double[] p) {
    return org.dermmgmt.eval.EvaluatedCase.argmax(p);
  }
}
