package org.dermmgmt.spark;

import org.apache.spark.sql.Row;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.model.Inputs;

/**
 * One table row to what the model needs, checked as predict checks it (metadata in the model's
 * vocabulary, the images the model uses present and readable) plus the optional labels. A row
 * that fails becomes a refusal with its reason; it never stops the job.
 */
final class TableRowReader {
  /** A row ready to predict ({@code problem} null) or refused. Labels are null when absent. */
  record Read(long row, String caseId, CaseInput input, Management management, DiagnosisGroup diagnosis,
      String problem) {}

  private final TableColumns columns;
  private final Inputs inputs;
  private final MetadataVocabulary vocabulary;
  private final ArchiveImages images;

  TableRowReader(TableColumns columns, Inputs inputs, MetadataVocabulary vocabulary, ArchiveImages images) {
    this.columns = columns;
    this.inputs = inputs;
    this.vocabulary = vocabulary;
    this.images = images;
  }

  /** @param row the 0-based data row of the table (messages say row + 1, as a case table does) */
  Read read(long row, Row r) {
    String id = columns.caseId() >= 0 && !get(r, columns.caseId()).isEmpty() ? get(r, columns.caseId())
        : String.valueOf(row + 1);
    try {
      Management truth = null;
      DiagnosisGroup group = null;
      if (columns.management() >= 0 && !get(r, columns.management()).isEmpty()) {
        String v = get(r, columns.management());
        truth = Management.parse(v).orElseThrow(() -> new UserInputException(
            "field management: unknown management '" + v + "', expected NONE, CLNC or EXC"));
      }
      if (columns.diagnosis() >= 0 && !get(r, columns.diagnosis()).isEmpty()) {
        String v = get(r, columns.diagnosis());
        group = DiagnosisGroup.parse(v).orElseThrow(() -> new UserInputException(
            "field diagnosis: unknown diagnosis '" + v + "', expected BCC, NEV, MEL, MISC, SK or a Derm7pt diagnosis"));
      }
      String sex = get(r, columns.sex());
      String location = get(r, columns.location());
      String elevation = get(r, columns.elevation());
      if (inputs.meta()) {
        vocabulary.encode(sex, location, elevation);
      }
      CaseInput in = new CaseInput(id, null, image(r, columns.clinic(), inputs.clinic(), "clinic"),
          image(r, columns.derm(), inputs.derm(), "derm"), sex, location, elevation);
      return new Read(row, id, in, truth, group, null);
    } catch (UserInputException e) {
      return refused(row, id, e.getMessage());
    }
  }

  static Read refused(long row, String caseId, String why) {
    return new Read(row, caseId, null, null, null, "row " + (row + 1) + " (case " + caseId + "): " + why);
  }

  private org.dermmgmt.infer.ImageInput image(Row r, int column, boolean used, String name) {
    if (!used) {
      return null;
    }
    String v = get(r, column);
    if (v.isEmpty()) {
      throw new UserInputException("field " + name + ": empty, but this model (inputs " + inputs + ") uses it");
    }
    return images.read(v, "field " + name);
  }

  private static String get(Row r, int i) {
    Object v = r.get(i);
    return v == null ? "" : v.toString().trim();
  }
}
