package org.dermmgmt.model;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * The paper's three models (paper.md §4): diagnosis only (management then inferred through
 * priors), management directly, and the multi-task model with the seven criteria, the diagnosis
 * and the management. Each task has an ordered list of heads; head 0 is what the task is named for.
 */
public enum Task {
  DIAG,
  MGMT,
  MULTI;

  /** A classification head: its name (used in metrics and saved outputs) and class count. */
  public record Head(String name, int classes) {}

  public static final String MANAGEMENT = "management";
  public static final String DIAGNOSIS = "diagnosis";

  public List<Head> heads() {
    List<Head> heads = new ArrayList<>();
    if (this != DIAG) {
      heads.add(new Head(MANAGEMENT, Management.values().length));
    }
    heads.add(new Head(DIAGNOSIS, DiagnosisGroup.values().length));
    if (this == MULTI) {
      for (Criterion c : Criterion.values()) {
        heads.add(new Head(c.name(), c.numClasses()));
      }
    }
    if (this == MGMT) {
      heads.remove(1);
    }
    return List.copyOf(heads);
  }

  public int headIndex(String name) {
    List<Head> heads = heads();
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public boolean predictsManagement() {
    return this != DIAG;
  }

  public boolean predictsDiagnosis() {
    return this != MGMT;
  }

  public static Task parse(String value) {
    for (Task t : values()) {
      if (t.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return t;
      }
    }
    throw new UserInputException("unknown task '" + value + "'; expected one of diag, mgmt, multi");
  }

  public String cliName() {
    return name().toLowerCase();
  }
}
