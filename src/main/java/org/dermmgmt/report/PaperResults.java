package org.dermmgmt.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The published numbers we compare against (paper.md §5, Tables 2-4 and the abstract), as
 * printed. Per-class rows: sensitivity, specificity, precision, AUROC.
 */
public final class PaperResults {
  private PaperResults() {}

  /** One row of a results table: macro or per-class sens/spec/prec/AUROC and accuracy (NaN if none). */
  public record Row(double sensitivity, double specificity, double precision, double auroc, double accuracy) {}

  /** Mean ± sd of a 3-fold cross-validation row. */
  public record CvRow(Row mean, Row sd) {}

  public static final Map<String, Row> INFR = rows(
      new double[][] {
        {0.2, 0.9718, 0.4444, 0.8039, Double.NaN},
        {0.0, 1.0, 0.0, 0.7668, Double.NaN},
        {0.9835, 0.0921, 0.634, 0.7515, Double.NaN},
        {0.3945, 0.6880, 0.3595, 0.7741, 0.6253}});

  public static final Map<String, Row> PRED = rows(
      new double[][] {
        {0.5, 0.9831, 0.7692, 0.9159, Double.NaN},
        {0.7143, 0.7456, 0.5263, 0.8090, Double.NaN},
        {0.7243, 0.7303, 0.8111, 0.8079, Double.NaN},
        {0.6462, 0.8196, 0.7022, 0.8443, 0.6987}});

  public static final Map<String, Row> MULTI = rows(
      new double[][] {
        {0.6500, 0.9747, 0.7429, 0.9225, Double.NaN},
        {0.6071, 0.8375, 0.5965, 0.8065, Double.NaN},
        {0.8107, 0.6776, 0.8008, 0.8226, Double.NaN},
        {0.6893, 0.8299, 0.7134, 0.8505, 0.7367}});

  public static final CvRow INFR_CV = new CvRow(
      new Row(0.3943, 0.6871, 0.3829, 0.7758, 0.6139), new Row(0.0025, 0.0018, 0.0172, 0.0178, 0.0198));
  public static final CvRow PRED_CV = new CvRow(
      new Row(0.6033, 0.8107, 0.7104, 0.8266, 0.6974), new Row(0.0369, 0.0093, 0.0184, 0.0126, 0.0018));
  public static final CvRow MULTI_CV = new CvRow(
      new Row(0.6528, 0.8215, 0.7123, 0.8449, 0.7301), new Row(0.0477, 0.0094, 0.0114, 0.0135, 0.0150));

  /** Table 4: the multi-task model's input ablation (macro averages and accuracy). */
  public static final Map<String, Row> ABLATION = new LinkedHashMap<>();

  static {
    ABLATION.put("C", new Row(0.5997, 0.7911, 0.5466, 0.7781, 0.6051));
    ABLATION.put("CM", new Row(0.6050, 0.7983, 0.5684, 0.7852, 0.6405));
    ABLATION.put("D", new Row(0.6935, 0.8384, 0.6265, 0.8630, 0.6962));
    ABLATION.put("DM", new Row(0.7126, 0.8424, 0.6622, 0.8644, 0.7215));
    ABLATION.put("CD", new Row(0.5830, 0.8060, 0.7393, 0.8335, 0.7342));
    ABLATION.put("CDM", new Row(0.6893, 0.8299, 0.7134, 0.8505, 0.7367));
  }

  /** Abstract: relative improvements, mean ± sd over the 3 folds (fractions). */
  public static final double[] PRED_VS_INFR_ACCURACY = {0.1373, 0.0393};
  public static final double[] PRED_VS_INFR_AUROC = {0.0659, 0.0286};
  public static final double[] MULTI_VS_PRED_ACCURACY = {0.0468, 0.0189};
  public static final double[] MULTI_VS_PRED_AUROC = {0.0224, 0.0204};

  /** Over-excision reduction of MGMT_pred against MGMT_infr, over all test cases (§5.1). */
  public static final double OVER_EXCISION_REDUCTION = 97.0 / 395.0;

  private static Map<String, Row> rows(double[][] v) {
    Map<String, Row> m = new LinkedHashMap<>();
    String[] names = {"NONE", "CLNC", "EXC", "Average"};
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], new Row(v[i][0], v[i][1], v[i][2], v[i][3], v[i][4]));
    }
    return m;
  }
}
