package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;

/**
 * Explicit thresholds ({@code --thresholds EXC=0.3,NONE=0.6}), applied in order of clinical risk:
 * EXC if P(EXC) ≥ tEXC; else NONE if P(NONE) ≥ tNONE; else CLNC. A threshold left out is decided
 * by probability: without tEXC, EXC when it is the argmax; without tNONE, NONE vs CLNC by the
 * larger probability. CLNC takes no threshold: it is what remains.
 *
 * @param exc tEXC in [0, 1], or null
 * @param none tNONE in [0, 1], or null
 */
public record ThresholdPolicy(Double exc, Double none) implements DecisionPolicy {
  public static final String NAME = "thresholds";

  public ThresholdPolicy {
    if (exc == null && none == null) {
      throw new IllegalArgumentException("at least one threshold");
    }
  }

  /**
   * Parses "EXC=0.3,NONE=0.6" (keys case-insensitive, either order, spaces allowed); {@code
   * option} names the option in the one-line error.
   */
  public static ThresholdPolicy parse(String text, String option) {
    if (text == null || text.isBlank()) {
      throw new UserInputException(option + ": expected EXC=P and/or NONE=P (e.g. EXC=0.3,NONE=0.6), got ''");
    }
    Double exc = null;
    Double none = null;
    for (String part : text.split(",", -1)) {
      String[] kv = part.split("=", -1);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new UserInputException(option + ": '" + part.trim() + "' in '" + text
            + "' is not KEY=VALUE (e.g. EXC=0.3,NONE=0.6)");
      }
      String key = kv[0].trim().toUpperCase(Locale.ROOT);
      double v = probability(kv[1].trim(), option, text);
      switch (key) {
        case "EXC" -> exc = once(exc, v, key, option, text);
        case "NONE" -> none = once(none, v, key, option, text);
        case "CLNC" -> throw new UserInputException(option + ": CLNC takes no threshold (it is "
            + "what remains after EXC and NONE) in '" + text + "'");
        default -> throw new UserInputException(option + ": unknown key '" + kv[0].trim()
            + "' in '" + text + "'; expected EXC and/or NONE");
      }
    }
    return new ThresholdPolicy(exc, none);
  }

  private static double probability(String s, String option, String text) {
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new UserInputException(option + ": '" + s + "' in '" + text + "' is not a number");
    }
    if (!(v >= 0 && v <= 1)) {
      throw new UserInputException(option + ": " + s + " in '" + text
          + "' is not a probability in [0, 1]");
    }
    return v;
  }

  private static Double once(Double old, double v, String key, String option, String text) {
    if (old != null) {
      throw new UserInputException(option + ": " + key + " is given twice in '" + text + "'");
    }
    return v;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Management decide(double[] p) {
    double pe = p[Management.EXC.ordinal()];
    boolean excise = exc != null
        ? pe >= exc
        : EvaluatedCase.argmax(p) == Management.EXC.ordinal();
    if (excise) {
      return Management.EXC;
    }
    if (none != null) {
      return p[Management.NONE.ordinal()] >= none ? Management.NONE : Management.CLNC;
    }
    return DecisionPolicy.noneOrClnc(p);
  }

  /** The option text this policy parses from, e.g. "EXC=0.3,NONE=0.6". */
  public String spec() {
    StringBuilder sb = new StringBuilder();
    if (exc != null) {
      sb.append("EXC=").append(exc);
    }
    if (none != null) {
      sb.append(sb.length() > 0 ? "," : "").append("NONE=").append(none);
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "thresholds " + spec() + ": "
        + (exc != null ? "EXC if P(EXC) >= " + exc : "EXC if most probable")
        + (none != null ? ", else NONE if P(NONE) >= " + none + ", else CLNC"
            : ", else NONE or CLNC by probability");
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = DecideJson.MAPPER.createObjectNode();
    o.put("policy", NAME);
    ObjectNode t = o.putObject("thresholds");
    if (exc != null) {
      t.put("EXC", exc);
    }
    if (none != null) {
      t.put("NONE", none);
    }
    return o;
  }

  static ThresholdPolicy fromJson(JsonNode o, String source) {
    JsonNode t = o.path("thresholds");
    if (!t.isObject() || t.isEmpty()) {
      throw new UserInputException(source + ": 'thresholds' must be an object with EXC and/or NONE");
    }
    StringBuilder sb = new StringBuilder();
    t.fields().forEachRemaining(e -> sb.append(sb.length() > 0 ? "," : "")
        .append(e.getKey()).append('=').append(e.getValue().asText()));
    return parse(sb.toString(), source + ": thresholds");
  }
}
