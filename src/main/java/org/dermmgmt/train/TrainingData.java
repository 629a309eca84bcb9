package org.dermmgmt.train;

import java.util.List;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;

/** The cases a run learns from and the cases it selects its epoch on, and where they come from. */
public record TrainingData(CaseSource source, List<LesionCase> train, List<LesionCase> select) {
  public TrainingData {
    train = List.copyOf(train);
    select = List.copyOf(select);
  }
}
