package org.dermmgmt.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.dermmgmt.UserInputException;

/**
 * The values each metadata field may take, in encoding order: the one-hot "M" input is
 * {@code sexes ++ locations ++ elevations}. A Derm7pt model uses {@link #derm7pt()}, today's 14
 * values of {@link MetadataEncoder}; a model trained on a clinic's table uses
 * {@link #fromCases} of its training cases and records the vocabulary in its run (the record is
 * plain JSON: {@code {"sexes":[...],"locations":[...],"elevations":[...]}}), so prediction
 * encodes exactly as training did and can list the allowed values.
 *
 * <p>Values are compared after {@link #normalize}: trimmed, lower case, inner runs of blanks and
 * underscores made one space; for sex, "f"/"m" mean female/male.
 */
public record MetadataVocabulary(List<String> sexes, List<String> locations, List<String> elevations) {
  public static final List<String> FIELDS = List.of("sex", "location", "elevation");

  public MetadataVocabulary {
    sexes = checked("sex", sexes);
    locations = checked("location", locations);
    elevations = checked("elevation", elevations);
  }

  /** Derm7pt's encoding: 2 sexes, 9 locations, 3 elevations, the order of {@link MetadataEncoder}. */
  public static MetadataVocabulary derm7pt() {
    return new MetadataVocabulary(MetadataEncoder.SEXES, MetadataEncoder.LOCATIONS, MetadataEncoder.ELEVATIONS);
  }

  /**
   * The values that occur in {@code cases} (the training cases). Values Derm7pt knows keep
   * Derm7pt's order and come first, the others follow alphabetically, so cases with exactly
   * Derm7pt's values give exactly {@link #derm7pt()}.
   */
  public static MetadataVocabulary fromCases(Collection<LesionCase> cases) {
    MetadataVocabulary d = derm7pt();
    return new MetadataVocabulary(
        observed(d.sexes, cases, LesionCase::sex, "sex"),
        observed(d.locations, cases, LesionCase::location, "location"),
        observed(d.elevations, cases, LesionCase::elevation, "elevation"));
  }

  /**
   * This vocabulary with the values of {@code cases} it lacks appended (alphabetically): for
   * fine-tuning a model on cases with new values while its known columns keep their places.
   */
  public MetadataVocabulary extendedWith(Collection<LesionCase> cases) {
    return new MetadataVocabulary(
        appended(sexes, cases, LesionCase::sex, "sex"),
        appended(locations, cases, LesionCase::location, "location"),
        appended(elevations, cases, LesionCase::elevation, "elevation"));
  }

  /** Length of {@link #encode}'s vector. */
  public int size() {
    return sexes.size() + locations.size() + elevations.size();
  }

  public float[] encode(LesionCase c) {
    return encode(c.sex(), c.location(), c.elevation());
  }

  /** One-hot; an unknown value throws {@link UserInputException} naming the field and the allowed values. */
  public float[] encode(String sex, String location, String elevation) {
    float[] v = new float[size()];
    v[index("sex", sex)] = 1f;
    v[sexes.size() + index("location", location)] = 1f;
    v[sexes.size() + locations.size() + index("elevation", elevation)] = 1f;
    return v;
  }

  /** The allowed values of {@code field} (sex, location or elevation). */
  public List<String> values(String field) {
    return switch (field) {
      case "sex" -> sexes;
      case "location" -> locations;
      case "elevation" -> elevations;
      default -> throw new IllegalArgumentException("not a metadata field: " + field + " (expected " + FIELDS + ")");
    };
  }

  public boolean isKnown(String field, String value) {
    return value != null && values(field).contains(normalize(field, value));
  }

  /** Position of a value in its field's list; throws naming the field and the allowed values. */
  public int index(String field, String value) {
    List<String> values = values(field);
    int i = value == null ? -1 : values.indexOf(normalize(field, value));
    if (i < 0) {
      throw UserInputException.field(field, value == null || value.isBlank()
          ? field + " is required for a model with metadata input: one of " + String.join(", ", values)
          : "unknown " + field + " '" + value + "': expected one of " + String.join(", ", values));
    }
    return i;
  }

  /** Names such as {@code location=back}, in encoding order. */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(size());
    for (String f : FIELDS) {
      values(f).forEach(v -> names.add(f + "=" + v));
    }
    return List.copyOf(names);
  }

  /** The comparable form of a value: trimmed, lower case, blanks and underscores as one space. */
  public static String normalize(String field, String value) {
    if (value == null) {
      return "";
    }
    String v = value.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", " ");
    if (field.equals("sex")) {
      return switch (v) {
        case "f" -> "female";
        case "m" -> "male";
        default -> v;
      };
    }
    return v;
  }

  private static List<String> observed(
      List<String> known, Collection<LesionCase> cases, Function<LesionCase, String> get, String field) {
    Set<String> seen = values(cases, get, field);
    List<String> out = new ArrayList<>(known.stream().filter(seen::contains).toList());
    seen.stream().filter(v -> !known.contains(v)).sorted().forEach(out::add);
    return out;
  }

  private static List<String> appended(
      List<String> base, Collection<LesionCase> cases, Function<LesionCase, String> get, String field) {
    List<String> out = new ArrayList<>(base);
    new TreeSet<>(values(cases, get, field)).stream().filter(v -> !base.contains(v)).forEach(out::add);
    return out;
  }

  private static Set<String> values(Collection<LesionCase> cases, Function<LesionCase, String> get, String field) {
    Set<String> seen = new LinkedHashSet<>();
    for (LesionCase c : cases) {
      seen.add(normalize(field, get.apply(c)));
    }
    return seen;
  }

  private static List<String> checked(String field, List<String> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("metadata vocabulary: no " + field + " values");
    }
    List<String> out = values.stream().map(v -> normalize(field, v)).toList();
    if (out.contains("") || new LinkedHashSet<>(out).size() != out.size()) {
      throw new IllegalArgumentException("metadata vocabulary: empty or repeated " + field + " value in " + values);
    }
    return out;
  }
}
