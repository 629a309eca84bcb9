package org.dermmgmt.infer;

import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;

/**
 * What a model needs of one case: its images and metadata. A case to predict has no labels, and
 * none are faked; a dataset case becomes one through {@link #of(CaseSource, LesionCase)}.
 *
 * @param id how answers name the case
 * @param caseNumber the dataset's case number when there is one (runs of format 1 key their
 *     test-time views by it), else null
 * @param clinic the clinical image, or null when absent
 * @param derm the dermoscopic image, or null when absent
 */
public record CaseInput(
    String id, Integer caseNumber, ImageInput clinic, ImageInput derm, String sex, String location,
    String elevation) {

  public static CaseInput of(CaseSource source, LesionCase c) {
    return new CaseInput(
        String.valueOf(c.caseNum()), c.caseNum(),
        c.clinic() == null || c.clinic().isEmpty() ? null : new ImageInput.File(source.image(c.clinic())),
        c.derm() == null || c.derm().isEmpty() ? null : new ImageInput.File(source.image(c.derm())),
        c.sex(), c.location(), c.elevation());
  }
}
