package org.dermmgmt.model;

import org.dermmgmt.UserInputException;

/**
 * Which inputs a model sees: the clinical image (C), the dermoscopic image (D) and the metadata
 * one-hot (M), as in the paper's Table 4 ablation. Any non-empty subset is allowed.
 */
public record Inputs(boolean clinic, boolean derm, boolean meta) {

  public Inputs {
    if (!clinic && !derm && !meta) {
      throw new UserInputException("inputs must name at least one of C, D, M");
    }
  }

  public static final Inputs ALL = new Inputs(true, true, true);

  /** Parses letters such as {@code CDM}, {@code DM} or {@code C}, in any order and case. */
  public static Inputs parse(String letters) {
    String s = letters == null ? "" : letters.trim().toUpperCase();
    if (s.isEmpty()) {
      throw new UserInputException("--inputs is empty; expected letters from C, D, M such as CDM");
    }
    for (char ch : s.toCharArray()) {
      if ("CDM".indexOf(ch) < 0) {
        throw new UserInputException(
            "--inputs '" + letters + "' has '" + ch + "'; expected letters from C, D, M such as CDM");
      }
    }
    return new Inputs(s.indexOf('C') >= 0, s.indexOf('D') >= 0, s.indexOf('M') >= 0);
  }

  @Override
  public String toString() {
    return (clinic ? "C" : "") + (derm ? "D" : "") + (meta ? "M" : "");
  }
}
