package org.dermmgmt.cli;

import org.dermmgmt.data.CaseSource;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.LesionCase;

/**
 * Refuses to start long work on cases whose images are missing, naming them, instead of failing
 * half way (Derm7pt copies without the test images are common: the test split is often withheld).
 */
final class Usable {
  private Usable() {}

  static void requireImages(CaseSource release, List<LesionCase> cases, String role) {
    List<Integer> missing =
        cases.stream()
            .filter(c -> missing(release, c.clinic()) || missing(release, c.derm()))
            .map(LesionCase::caseNum)
            .toList();
    if (!missing.isEmpty()) {
      String list = missing.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
      throw new UserInputException(
          missing.size() + " of the " + cases.size() + " " + role + " cases lack image files (case "
              + list + (missing.size() > 20 ? ", ..." : "") + "); run 'dermmgmt data check --data "
              + release.describe() + "' for the full list, or choose other splits");
    }
  }

  /** A case table may leave one image out (the model then refuses it if it needs it); a named one must exist. */
  private static boolean missing(CaseSource source, String ref) {
    return ref != null && !ref.isEmpty() && !Files.isRegularFile(source.image(ref));
  }
}
