package org.dermmgmt.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dermmgmt.UserInputException;

/** The three official Derm7pt splits; each is a file of 0-based meta.csv row indexes. */
public enum Split {
  TRAIN,
  VALID,
  TEST;

  /** The index file name under {@code meta/}, e.g. {@code train_indexes.csv}. */
  public String indexFile() {
    return name().toLowerCase(Locale.ROOT) + "_indexes.csv";
  }

  /** Lower-case name as the user types it on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Case-insensitive; the error lists the valid values. */
  public static Split parse(String value) {
    String v = value == null ? "" : value.trim();
    for (Split s : values()) {
      if (s.name().equalsIgnoreCase(v)) {
        return s;
      }
    }
    throw new UserInputException(
        "unknown split '" + value + "': expected one of " + validValues());
  }

  /** Parses {@code "train,valid"}; duplicates are kept once, in the order given. */
  public static List<Split> parseList(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      throw new UserInputException("empty split list: expected some of " + validValues());
    }
    List<Split> out = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      Split s = parse(part);
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static String validValues() {
    return Arrays.stream(values()).map(Split::label).collect(Collectors.joining(", "));
  }
}
