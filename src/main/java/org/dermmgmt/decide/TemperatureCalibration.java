package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.eval.Predictions;

/**
 * The temperatures of a run, one per head, fitted on its selection cases and stored as {@value
 * #FILE}. A head without a temperature is left as it is, so a run trained before calibration
 * existed, or {@link #none()}, gives the uncalibrated probabilities.
 *
 * <pre>{"method": "temperature", "fitted_on": "valid",
 *  "heads": {"management": {"temperature": 1.31, "n": 203, "nll_before": 0.74, "nll_after": 0.72}}}</pre>
 *
 * @param fittedOn which cases the temperatures were fitted on, e.g. the selection split's name
 * @param heads head name (as in the model's task, e.g. "management", "diagnosis", "PN") → fit
 */
public record TemperatureCalibration(String fittedOn, Map<String, TemperatureScaling.Fit> heads) {
  public static final String FILE = "calibration.json";

  /**
   * Temperatures are never fitted below 1: calibration may soften a model, never sharpen it. The
   * fitting cases are the selection split, on which training picked its epochs, so the model looks
   * better (and so under-confident) there than on new cases; under a fine-tuned cross-validation
   * both folds' fitted T (0.67, 0.90) sharpened the model and raised its held-out ECE, while the
   * T that held-out cases would have chosen was higher in both (BENCHMARKS.md).
   */
  public static final double MIN_TEMPERATURE = 1.0;

  public TemperatureCalibration {
    heads = Collections.unmodifiableMap(new LinkedHashMap<>(heads));
  }

  /** No calibration: every head as the model gives it (what {@code --uncalibrated} uses). */
  public static TemperatureCalibration none() {
    return new TemperatureCalibration("none", Map.of());
  }

  /**
   * Fits each head's temperature on its predictions (true class indexes and probabilities), at
   * least {@link #MIN_TEMPERATURE}.
   */
  public static TemperatureCalibration fit(String fittedOn, Map<String, Predictions> byHead) {
    Map<String, TemperatureScaling.Fit> out = new LinkedHashMap<>();
    byHead.forEach((head, p) -> out.put(head, TemperatureScaling.fit(p, MIN_TEMPERATURE)));
    return new TemperatureCalibration(fittedOn, out);
  }

  /** T of a head; 1 when the head has none. */
  public double temperature(String head) {
    TemperatureScaling.Fit f = heads.get(head);
    return f == null ? 1.0 : f.temperature();
  }

  /** The calibrated probabilities of one head's (averaged) output. */
  public double[] apply(String head, double[] p) {
    return TemperatureScaling.apply(p, temperature(head));
  }

  public boolean isNone() {
    return heads.isEmpty();
  }

  /** Head → T, for the audit log and reports. */
  public Map<String, Double> temperatures() {
    Map<String, Double> t = new LinkedHashMap<>();
    heads.forEach((h, f) -> t.put(h, f.temperature()));
    return t;
  }

  public ObjectNode toJson() {
    ObjectNode o = DecideJson.MAPPER.createObjectNode();
    o.put("method", "temperature");
    o.put("fitted_on", fittedOn);
    o.put("min_temperature", MIN_TEMPERATURE);
    ObjectNode h = o.putObject("heads");
    heads.forEach((name, f) -> {
      ObjectNode n = h.putObject(name);
      n.put("temperature", f.temperature());
      n.put("unconstrained_temperature", f.unconstrained());
      n.put("n", f.n());
      DecideJson.put(n, "nll_before", f.nllBefore());
      DecideJson.put(n, "nll_after", f.nllAfter());
    });
    return o;
  }

  public static TemperatureCalibration fromJson(JsonNode o, String source) {
    if (!"temperature".equals(o.path("method").asText())) {
      throw new UserInputException(source + ": 'method' must be \"temperature\"");
    }
    JsonNode h = o.path("heads");
    if (!h.isObject()) {
      throw new UserInputException(source + ": 'heads' must be an object");
    }
    Map<String, TemperatureScaling.Fit> heads = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = source + ": heads." + e.getKey();
      double t = DecideJson.number(e.getValue(), "temperature", where);
      if (!(t > 0) || !Double.isFinite(t)) {
        throw new UserInputException(where + ".temperature must be positive, got " + t);
      }
      // Files written before the floor existed have no unconstrained_temperature: it was T.
      heads.put(e.getKey(), new TemperatureScaling.Fit(t, e.getValue().path("n").asInt(0),
          DecideJson.num(e.getValue().get("nll_before")),
          DecideJson.num(e.getValue().get("nll_after")),
          e.getValue().path("unconstrained_temperature").asDouble(t)));
    }
    return new TemperatureCalibration(o.path("fitted_on").asText(""), heads);
  }

  public void write(Path file) {
    DecideJson.write(toJson(), file);
  }

  public static TemperatureCalibration read(Path file) {
    return fromJson(DecideJson.read(file), file.toString());
  }
}
