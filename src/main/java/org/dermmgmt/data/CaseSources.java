package org.dermmgmt.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.table.CaseTable;

/** What {@code --data} names: a folder is a Derm7pt release, a file is a case table. */
public final class CaseSources {
  private CaseSources() {}

  public static CaseSource open(Path data) {
    if (Files.isDirectory(data)) {
      return Derm7ptRelease.open(data);
    }
    if (Files.isRegularFile(data)) {
      return CaseTable.open(data);
    }
    throw new UserInputException("--data " + data
        + " does not exist: expected a Derm7pt release folder or a case table (.csv file)");
  }

  /** Whether {@code data} is a case table rather than a release folder. */
  public static boolean isTable(Path data) {
    return Files.isRegularFile(data);
  }
}
