package org.dermmgmt.data;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;

/**
 * One-hot patient metadata, the "M" input of the paper (Fig. 6). Fixed order: sex (female, male),
 * location (9 values, alphabetical), elevation (flat, palpable, nodular) — 2 + 9 + 3 = 14 floats.
 *
 * <p>Only sex, location and elevation are inputs. {@code management} is the target and
 * {@code level_of_diagnostic_difficulty} is almost a copy of it (paper.md §2.3: "high" is 251 of
 * 254 excision), so both are never encoded: either would leak the label.
 */
public final class MetadataEncoder {
  public static final List<String> SEXES = List.of("female", "male");
  public static final List<String> LOCATIONS =
      List.of(
          "abdomen",
          "acral",
          "back",
          "buttocks",
          "chest",
          "genital areas",
          "head neck",
          "lower limbs",
          "upper limbs");
  public static final List<String> ELEVATIONS = List.of("flat", "palpable", "nodular");
  public static final int SIZE = SEXES.size() + LOCATIONS.size() + ELEVATIONS.size();

  private MetadataEncoder() {}

  public static float[] encode(LesionCase c) {
    return encode(c.sex(), c.location(), c.elevation());
  }

  /** Values are trimmed and case-insensitive; unknown ones throw naming the field and valid values. */
  public static float[] encode(String sex, String location, String elevation) {
    float[] v = new float[SIZE];
    v[index("sex", SEXES, sex)] = 1f;
    v[SEXES.size() + index("location", LOCATIONS, location)] = 1f;
    v[SEXES.size() + LOCATIONS.size() + index("elevation", ELEVATIONS, elevation)] = 1f;
    return v;
  }

  /** Names such as {@code sex=female}, in encoding order. */
  public static List<String> featureNames() {
    List<String> names = new ArrayList<>(SIZE);
    SEXES.forEach(s -> names.add("sex=" + s));
    LOCATIONS.forEach(s -> names.add("location=" + s));
    ELEVATIONS.forEach(s -> names.add("elevation=" + s));
    return List.copyOf(names);
  }

  /** Whether {@code value} is a known value of the meta.csv column {@code field}. */
  public static boolean isKnown(String field, String value) {
    List<String> values = valuesOf(field);
    return value != null && values.contains(value.trim().toLowerCase());
  }

  static List<String> valuesOf(String field) {
    return switch (field) {
      case "sex" -> SEXES;
      case "location" -> LOCATIONS;
      case "elevation" -> ELEVATIONS;
      default -> throw new IllegalArgumentException("not a metadata field: " + field);
    };
  }

  private static int index(String field, List<String> values, String value) {
    int i = value == null ? -1 : values.indexOf(value.trim().toLowerCase());
    if (i < 0) {
      throw UserInputException.field(field, value == null || value.isBlank()
          ? field + " is required for a model with metadata input: one of " + String.join(", ", values)
          : "unknown " + field + " '" + value + "': expected one of " + String.join(", ", values));
    }
    return i;
  }
}
