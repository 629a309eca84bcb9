package org.dermmgmt.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The three clinical management decisions of Derm7pt, in the paper's order and abbreviations. The
 * ordinal is the class index used by every model head and metric.
 */
public enum Management {
  NONE("no further examination"),
  CLNC("clinical follow up"),
  EXC("excision");

  private final String raw;

  Management(String raw) {
    this.raw = raw;
  }

  /** The value as written in the {@code management} column of meta.csv. */
  public String raw() {
    return raw;
  }

  public static final List<Management> ALL = List.of(values());

  public static Optional<Management> fromRaw(String value) {
    String v = value == null ? "" : value.trim();
    return Arrays.stream(values()).filter(m -> m.raw.equalsIgnoreCase(v)).findFirst();
  }

  /** Accepts the abbreviation (NONE, CLNC, EXC) or the raw meta.csv string. */
  public static Optional<Management> parse(String value) {
    String v = value == null ? "" : value.trim();
    for (Management m : values()) {
      if (m.name().equalsIgnoreCase(v)) {
        return Optional.of(m);
      }
    }
    return fromRaw(v);
  }
}
