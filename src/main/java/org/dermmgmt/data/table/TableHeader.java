package org.dermmgmt.data.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;

/**
 * The columns of a case table, found by name (trimmed, case-insensitive) so that their order does
 * not matter and extra columns are ignored.
 */
record TableHeader(
    String file, int columns, Map<String, Integer> index, boolean hasDiagnosis, boolean hasCriteria, boolean hasSplit) {
  static final List<String> REQUIRED =
      List.of("case_id", "clinic", "derm", "sex", "location", "elevation", "management");
  static final String DIAGNOSIS = "diagnosis";
  static final String SPLIT = "split";

  static List<String> criterionColumns() {
    return Criterion.ALL.stream().map(Criterion::column).toList();
  }

  static TableHeader of(String file, List<String> names) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i) == null ? "" : names.get(i).trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue; // an unnamed column (e.g. a trailing comma) is an extra column
      }
      if (index.putIfAbsent(n, i) != null) {
        throw new UserInputException(file + ", header: column " + n + " appears twice");
      }
    }
    List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException(file + ", header: missing column" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing) + " (a case table needs " + String.join(", ", REQUIRED)
          + "; the header has " + String.join(", ", names) + ")");
    }
    List<String> criteria = criterionColumns();
    List<String> present = criteria.stream().filter(index::containsKey).toList();
    if (!present.isEmpty() && present.size() < criteria.size()) {
      List<String> lacking = new ArrayList<>(criteria);
      lacking.removeAll(present);
      throw new UserInputException(file + ", header: has criteria column(s) " + String.join(", ", present)
          + " but not " + String.join(", ", lacking) + ": give all seven criteria or none");
    }
    return new TableHeader(file, names.size(), Map.copyOf(index), index.containsKey(DIAGNOSIS), !present.isEmpty(),
        index.containsKey(SPLIT));
  }

  /** Fields a row needs: up to the last column read (extra columns at the end may be left out). */
  int size() {
    List<String> read = new ArrayList<>(REQUIRED);
    read.addAll(List.of(DIAGNOSIS, SPLIT));
    read.addAll(criterionColumns());
    return read.stream().filter(index::containsKey).mapToInt(c -> index.get(c) + 1).max().orElse(0);
  }
}
