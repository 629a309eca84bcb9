package org.dermmgmt.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.infer.PredictionView;

/**
 * The JSON answer of {@code POST /api/v1/predict}. {@code prediction} is exactly what
 * {@code predict --json} prints for the same images; the rest says which model answered, which
 * images it saw, how long it took and, when asked, where it looked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictResponse(
    Identity model,
    PredictionView prediction,
    List<ChecklistItem> checklist,
    Map<String, ImageSeen> images,
    Map<String, Explanation> explanations,
    double timeMs,
    String notice) {

  public static final String NOTICE =
      "Research tool, not a diagnosis: the output of a model trained on one research dataset; "
          + "it has not been validated for clinical use and must not replace a clinician's judgement.";

  /** Which model answered. */
  public record Identity(String name, String configSha256, String created, String precision) {
    static Identity of(ModelCard card) {
      return new Identity(card.name(), card.configSha256(), card.created(), card.precision());
    }
  }

  /** One row of the seven-point checklist: the predicted group and the points it scores. */
  public record ChecklistItem(String criterion, String name, String label, int points) {}

  /** An uploaded image as received: its sha256 (so a client can tell its answer) and size. */
  public record ImageSeen(String sha256, int width, int height) {}

  /**
   * A Grad-CAM heat map for the recommended management: the PNG overlay (base64), its size, and
   * the map itself at the network's resolution.
   */
  public record Explanation(String target, int width, int height, String overlayPng, HeatMap map) {}

  /** The checklist rows of a multi-task prediction, or null for other models. */
  static List<ChecklistItem> checklist(PredictionView view) {
    if (view.criteria() == null) {
      return null;
    }
    List<ChecklistItem> rows = new ArrayList<>();
    for (Criterion c : Criterion.values()) {
      String label = view.criteria().get(c.name());
      rows.add(new ChecklistItem(c.name(), c.column(), label, c.points(c.labels().indexOf(label))));
    }
    return rows;
  }
}
