package org.dermmgmt.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.infer.PredictionView;

/**
 * The output schema: one row per table row, scored or refused. Probability and label columns are
 * named as in predictions.csv (p_NONE ... predicted_management, true_diagnosis, p_BCC ...); a
 * refused row has status "refused", its reason and nulls elsewhere.
 */
final class ScoredRows {
  static final String SCORED = "scored";
  static final String REFUSED = "refused";

  static final StructType SCHEMA = schema();

  private ScoredRows() {}

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("row", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("case_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("status", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("reason", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("true_management", DataTypes.StringType, true));
    for (Management m : Management.ALL) {
      f.add(DataTypes.createStructField("p_" + m.name(), DataTypes.DoubleType, true));
    }
    f.add(DataTypes.createStructField("predicted_management", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("decision", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("true_diagnosis", DataTypes.StringType, true));
    for (DiagnosisGroup g : DiagnosisGroup.ALL) {
      f.add(DataTypes.createStructField("p_" + g.name(), DataTypes.DoubleType, true));
    }
    f.add(DataTypes.createStructField("predicted_diagnosis", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("seven_point_score", DataTypes.IntegerType, true));
    return DataTypes.createStructType(f);
  }

  static Row scored(TableRowReader.Read r, PredictionView v) {
    Object[] out = new Object[SCHEMA.size()];
    int i = 0;
    out[i++] = r.row();
    out[i++] = r.caseId();
    out[i++] = SCORED;
    out[i++] = v.referral(); // why a scored case was referred (quality gate, low confidence), else null
    out[i++] = r.management() == null ? null : r.management().name();
    for (Management m : Management.ALL) {
      out[i++] = v.management().get(m.name());
    }
    out[i++] = v.recommendation().name();
    out[i++] = v.decision();
    out[i++] = r.diagnosis() == null ? null : r.diagnosis().name();
    for (DiagnosisGroup g : DiagnosisGroup.ALL) {
      out[i++] = v.diagnosisProbabilities() == null ? null : v.diagnosisProbabilities().get(g.name());
    }
    out[i++] = v.diagnosis() == null ? null : v.diagnosis().name();
    out[i] = v.sevenPointScore();
    return RowFactory.create(out);
  }

  static Row refused(TableRowReader.Read r) {
    Object[] out = new Object[SCHEMA.size()];
    out[0] = r.row();
    out[1] = r.caseId();
    out[2] = REFUSED;
    out[3] = r.problem();
    return RowFactory.create(out);
  }
}
