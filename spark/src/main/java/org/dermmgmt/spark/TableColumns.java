package org.dermmgmt.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;

/**
 * Where the columns score reads sit in the table (found by name, in any order, as in a case table):
 * the five predict needs, and the optional case_id and labels. Index -1 is an absent column.
 */
record TableColumns(int caseId, int clinic, int derm, int sex, int location, int elevation, int management,
    int diagnosis) implements Serializable {
  static final List<String> REQUIRED = List.of("clinic", "derm", "sex", "location", "elevation");

  static TableColumns of(String table, List<String> header) {
    List<String> names = new ArrayList<>();
    for (String h : header) {
      names.add(h == null ? "" : h.trim().toLowerCase(java.util.Locale.ROOT));
    }
    List<String> missing = REQUIRED.stream().filter(c -> !names.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new UserInputException(table + ": missing column" + (missing.size() > 1 ? "s " : " ") + missing
          + " (have " + header + "); score reads case_id,clinic,derm,sex,location,elevation[,management][,diagnosis]");
    }
    return new TableColumns(names.indexOf("case_id"), names.indexOf("clinic"), names.indexOf("derm"),
        names.indexOf("sex"), names.indexOf("location"), names.indexOf("elevation"), names.indexOf("management"),
        names.indexOf("diagnosis"));
  }

  boolean hasLabels() {
    return management >= 0;
  }
}
