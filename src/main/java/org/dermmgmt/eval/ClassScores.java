package org.dermmgmt.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The four one-vs-rest metrics of one class, or their macro average. NaN = undefined. */
public record ClassScores(double sensitivity, double specificity, double precision, double auroc) {

  public double get(ClassMetric m) {
    return switch (m) {
      case SENSITIVITY -> sensitivity;
      case SPECIFICITY -> specificity;
      case PRECISION -> precision;
      case AUROC -> auroc;
    };
  }

  static ClassScores of(double[] byMetric) {
    return new ClassScores(byMetric[0], byMetric[1], byMetric[2], byMetric[3]);
  }

  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    for (ClassMetric m : ClassMetric.values()) {
      Json.put(o, m.key(), get(m));
    }
    return o;
  }

  static ClassScores fromJson(JsonNode o) {
    double[] v = new double[ClassMetric.values().length];
    for (ClassMetric m : ClassMetric.values()) {
      v[m.ordinal()] = Json.num(o.get(m.key()));
    }
    return of(v);
  }
}
