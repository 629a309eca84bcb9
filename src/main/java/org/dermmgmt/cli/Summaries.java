package org.dermmgmt.cli;

import org.dermmgmt.eval.MetricsReport;

/** One-line human summaries of metrics for the terminal. */
final class Summaries {
  private Summaries() {}

  static String line(MetricsReport m) {
    return String.format(
        "%s on %s (n=%d): accuracy %.4f [%.4f, %.4f]  macro AUROC %.4f [%.4f, %.4f]  sens %.4f  spec %.4f  prec %.4f  over-excision %.4f  missed malignancy %.4f  ECE %.4f",
        m.task(), m.split(), m.n(), m.accuracy(), m.ci95Accuracy()[0], m.ci95Accuracy()[1],
        m.macro().auroc(), m.ci95MacroAuroc()[0], m.ci95MacroAuroc()[1], m.macro().sensitivity(),
        m.macro().specificity(), m.macro().precision(), m.overExcisionRate(),
        m.missedMalignancyRate(), m.ece());
  }
}
