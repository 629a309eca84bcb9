package org.dermmgmt.data;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What {@link DataChecker} found.
 *
 * @param casesPerSplit usable cases of each split (all splits, whatever was requested)
 * @param casesPerManagement usable cases of each management class, per split
 * @param casesPerDiagnosisGroup usable cases of each diagnosis group, per split
 * @param imagesDecoded distinct image files decoded (0 when decoding was off)
 * @param problems every problem, in the order found
 */
public record DataCheckReport(
    String root,
    List<Split> requestedSplits,
    Map<Split, Integer> casesPerSplit,
    Map<Split, Map<Management, Integer>> casesPerManagement,
    Map<Split, Map<DiagnosisGroup, Integer>> casesPerDiagnosisGroup,
    int imagesDecoded,
    List<DataProblem> problems) {

  /** Problems that make one of {@code splits} unusable. */
  public List<DataProblem> problemsTouching(Collection<Split> splits) {
    return problems.stream().filter(p -> p.touches(splits)).toList();
  }

  /** True when no problem touches the requested splits. */
  public boolean usable() {
    return problemsTouching(requestedSplits).isEmpty();
  }
}
