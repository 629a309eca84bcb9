package org.dermmgmt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.ClassScores;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.MetricSummary;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.eval.PairedComparison;

/**
 * Writes report.md and report.html of a reproduction: our numbers beside the paper's Tables 2, 3
 * and 4, the direct-vs-inferred and multi-vs-direct improvements with their p-values, the
 * over-excision comparison, and the plots of each main experiment.
 */
public final class ReportWriter {
  private final Reproduction.Outcome o;
  private final List<Section> sections = new ArrayList<>();

  private record Section(String title, String text, Table table, List<String> images) {}

  public ReportWriter(Reproduction.Outcome outcome) {
    this.o = outcome;
  }

  public void write(Path dir) {
    build();
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir, e);
    }
  }

  private void build() {
    sections.clear();
    String split = o.settings().evalSplit().label();
    Map<String, MetricsReport> m = o.metrics();
    sections.add(new Section("How this was run",
        String.format(Locale.ROOT,
            "Evaluation split: **%s** (n = %d). Models %s (%d cases). Mode: %s. "
                + "Wall time %s (estimated beforehand: %s). dermmgmt %s (%s), %s. "
                + "The paper's numbers are on the official test split (n = 395); ours on the split named here.",
            split, m.get("pred").n(), o.selectionNote(), o.selectionCases(),
            o.settings().quick() ? "--quick (frozen backbone, few epochs)" : "full (train defaults)",
            Reproduction.minutes(o.seconds()), Reproduction.minutes(o.estimatedSeconds()),
            Provenance.projectVersion(), Provenance.gitCommit(), LocalDate.now()),
        null, List.of()));

    sections.add(perClassSection("Table 2 (left): MGMT_infr — management inferred from the diagnosis", "infr", PaperResults.INFR, PaperResults.INFR_CV));
    sections.add(perClassSection("Table 2 (right): MGMT_pred — management predicted directly", "pred", PaperResults.PRED, PaperResults.PRED_CV));
    sections.add(perClassSection("Table 3: MGMT_pred,multi — multi-task model", "multi", PaperResults.MULTI, PaperResults.MULTI_CV));

    Table ab = new Table("Inputs", "Mode (ours)", "Sens (ours)", "Sens (paper)", "Spec (ours)", "Spec (paper)",
        "Prec (ours)", "Prec (paper)", "AUROC (ours)", "AUROC (paper)", "Acc (ours)", "Acc (paper)");
    for (var e : PaperResults.ABLATION.entrySet()) {
      MetricsReport r = m.get("ablation-" + e.getKey());
      PaperResults.Row p = e.getValue();
      ab.row(e.getKey(), Reproduction.mode(o.settings().secondary()), f(r.macro().sensitivity()), f(p.sensitivity()), f(r.macro().specificity()), f(p.specificity()),
          f(r.macro().precision()), f(p.precision()), f(r.macro().auroc()), f(p.auroc()), f(r.accuracy()), f(p.accuracy()));
    }
    sections.add(new Section("Table 4: input ablation of the multi-task model (macro averages)",
        "Every row, CDM included, is trained and evaluated in the same mode (" + Reproduction.mode(o.settings().secondary())
            + "); the main multi-task model of Table 3 is " + Reproduction.mode(o.settings().main()) + ".",
        ab, List.of()));

    sections.add(improvements());

    Table safety = new Table("Model", "Over-excision rate", "Missed malignancy rate", "ECE", "Brier",
        "Accuracy 95% CI", "Macro AUROC 95% CI");
    for (String id : List.of("infr", "pred", "multi")) {
      MetricsReport r = m.get(id);
      safety.row(id, f(r.overExcisionRate()), f(r.missedMalignancyRate()), f(r.ece()), f(r.brier()),
          ci(r.ci95Accuracy()), ci(r.ci95MacroAuroc()));
    }
    sections.add(new Section("Beyond the paper: safety and calibration",
        "Over-excision: non-EXC cases predicted EXC over all cases. Missed malignancy: MEL or BCC cases not predicted EXC over all MEL+BCC cases. ECE: 15-bin expected calibration error.",
        safety, List.of()));

    sections.add(new Section("Beyond the paper: argmax vs the safety policy",
        "On calibrated probabilities. safety: excise when P(EXC) reaches the highest threshold at which 95% of the "
            + "run's malignant (MEL, BCC) selection cases are still excised, else NONE vs CLNC by probability; "
            + "under cross-validation each fold's threshold is fitted on its own selection cases and the folds' "
            + "decisions are pooled. Missed malignancy: MEL or BCC cases not sent to excision, with a "
            + "Clopper–Pearson interval; NPV: the fraction of cases not sent to excision that are not malignant.",
        PolicyComparison.table(o.policies()), List.of()));

    sections.add(new Section("Beyond the paper: image-quality gate",
        o.gate().summary(split) + " Each check is one measure on the image (README, \"Image-quality gate\"); "
            + "SIZE asks for 80% of the main models' input side.",
        o.gate().table(), List.of()));

    for (String id : List.of("infr", "pred", "multi")) {
      String base = "evals/" + id + "/";
      sections.add(new Section("Plots: " + id, "", null,
          List.of(base + "roc.png", base + "confusion.png", base + "reliability.png")));
    }
  }

  private Section perClassSection(String title, String id, Map<String, PaperResults.Row> paper, PaperResults.CvRow paperCv) {
    MetricsReport r = o.metrics().get(id);
    Table t = new Table("Label", "Sens (ours)", "Sens (paper)", "Spec (ours)", "Spec (paper)",
        "Prec (ours)", "Prec (paper)", "AUROC (ours)", "AUROC (paper)", "Acc (ours)", "Acc (paper)");
    for (Management mg : Management.values()) {
      ClassScores c = r.perClass(mg);
      PaperResults.Row p = paper.get(mg.name());
      t.row(mg.name(), f(c.sensitivity()), f(p.sensitivity()), f(c.specificity()), f(p.specificity()),
          f(c.precision()), f(p.precision()), f(c.auroc()), f(p.auroc()), "–", "–");
    }
    PaperResults.Row p = paper.get("Average");
    t.row("**Average**", f(r.macro().sensitivity()), f(p.sensitivity()), f(r.macro().specificity()), f(p.specificity()),
        f(r.macro().precision()), f(p.precision()), f(r.macro().auroc()), f(p.auroc()), f(r.accuracy()), f(p.accuracy()));
    CrossValidation.Result cv = o.crossval().get(id);
    if (cv != null) {
      MetricSummary s = cv.summary();
      t.row(cv.folds().size() + "-fold CV (" + Reproduction.mode(o.settings().secondary()) + ")", ms(s, "macro.sensitivity"), ms(paperCv, 0), ms(s, "macro.specificity"), ms(paperCv, 1),
          ms(s, "macro.precision"), ms(paperCv, 2), ms(s, "macro.auroc"), ms(paperCv, 3), ms(s, "accuracy"), ms(paperCv, 4));
    }
    return new Section(title, "", t, List.of());
  }

  private Section improvements() {
    Map<String, List<EvaluatedCase>> c = o.cases();
    long seed = o.settings().main().seed();
    PairedComparison predVsInfr = PairedComparison.compare(c.get("infr"), c.get("pred"), seed);
    PairedComparison multiVsPred = PairedComparison.compare(c.get("pred"), c.get("multi"), seed);
    Table t = new Table("Comparison", "Accuracy rel. improvement (ours)", "McNemar mid-p", "AUROC rel. improvement (ours)",
        "Bootstrap p", "CV accuracy rel. impr. (ours)", "CV AUROC rel. impr. (ours)", "Paper (CV, accuracy / AUROC)");
    t.row("MGMT_pred vs MGMT_infr", pct(predVsInfr.accuracyRelativeImprovement()), p(predVsInfr.mcnemar().midP()),
        pct(predVsInfr.macroAurocRelativeImprovement()), p(predVsInfr.aurocBootstrapP()),
        cvRel("infr", "pred", "accuracy"), cvRel("infr", "pred", "macro.auroc"),
        pm(PaperResults.PRED_VS_INFR_ACCURACY) + " / " + pm(PaperResults.PRED_VS_INFR_AUROC));
    t.row("MGMT_pred,multi vs MGMT_pred", pct(multiVsPred.accuracyRelativeImprovement()), p(multiVsPred.mcnemar().midP()),
        pct(multiVsPred.macroAurocRelativeImprovement()), p(multiVsPred.aurocBootstrapP()),
        cvRel("pred", "multi", "accuracy"), cvRel("pred", "multi", "macro.auroc"),
        pm(PaperResults.MULTI_VS_PRED_ACCURACY) + " / " + pm(PaperResults.MULTI_VS_PRED_AUROC));
    double n = o.metrics().get("pred").n();
    double fewer = (overExcised(c.get("infr")) - overExcised(c.get("pred"))) / n;
    double fewerMulti = (overExcised(c.get("infr")) - overExcised(c.get("multi"))) / n;
    String text = String.format(Locale.ROOT,
        "Over-excision: MGMT_pred sends %s fewer cases (of all cases) wrongly to excision than MGMT_infr "
            + "(paper: %s); MGMT_pred,multi %s fewer. Relative improvements are (B − A)/A; CV columns are mean ± sd over folds.",
        pct(fewer), pct(PaperResults.OVER_EXCISION_REDUCTION), pct(fewerMulti));
    return new Section("Direct vs inferred, multi-task vs direct", text, t, List.of());
  }

  private String cvRel(String base, String better, String metric) {
    CrossValidation.Result a = o.crossval().get(base);
    CrossValidation.Result b = o.crossval().get(better);
    if (a == null || b == null) {
      return "–";
    }
    MetricSummary.MeanSd r = MetricSummary.relativeImprovement(a.folds(), b.folds(), metric);
    return String.format(Locale.ROOT, "%+.2f ± %.2f %%", 100 * r.mean(), 100 * r.sd());
  }

  private static long overExcised(List<EvaluatedCase> cases) {
    return cases.stream().filter(e -> e.truth() != Management.EXC && e.predicted() == Management.EXC).count();
  }

  private String markdown() {
    StringBuilder sb = new StringBuilder("# dermmgmt reproduction report\n\n");
    sb.append("Abhishek, Kawahara & Hamarneh, *Predicting the clinical management of skin lesions using deep learning*, "
        + "Sci Rep 11:7769 (2021): our numbers beside the published ones.\n\n");
    for (Section s : sections) {
      sb.append("## ").append(s.title()).append("\n\n");
      if (!s.text().isEmpty()) {
        sb.append(s.text()).append("\n\n");
      }
      if (s.table() != null) {
        sb.append(s.table().markdown()).append('\n');
      }
      for (String img : s.images()) {
        sb.append("![").append(img).append("](").append(img).append(")\n");
      }
      if (!s.images().isEmpty()) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private String html() {
    StringBuilder sb = new StringBuilder(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dermmgmt reproduction report</title>\n"
            + "<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}"
            + "th{background:#f0f3f7}td:first-child,th:first-child{text-align:left}img{width:32%;margin-right:1%}</style>\n"
            + "</head><body>\n<h1>dermmgmt reproduction report</h1>\n"
            + "<p>Abhishek, Kawahara &amp; Hamarneh, <i>Predicting the clinical management of skin lesions using deep learning</i>, "
            + "Sci Rep 11:7769 (2021): our numbers beside the published ones.</p>\n");
    for (Section s : sections) {
      sb.append("<h2>").append(Table.escape(s.title())).append("</h2>\n");
      if (!s.text().isEmpty()) {
        sb.append("<p>").append(Table.escape(s.text()).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>")).append("</p>\n");
      }
      if (s.table() != null) {
        sb.append(s.table().html());
      }
      for (String img : s.images()) {
        sb.append("<img src=\"").append(img).append("\" alt=\"").append(img).append("\">");
      }
    }
    return sb.append("\n</body></html>\n").toString();
  }

  static String f(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String ci(double[] v) {
    return String.format(Locale.ROOT, "[%.4f, %.4f]", v[0], v[1]);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f %%", 100 * v);
  }

  static String p(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3g", v);
  }

  static String pm(double[] v) {
    return String.format(Locale.ROOT, "%.2f ± %.2f %%", 100 * v[0], 100 * v[1]);
  }

  private static String ms(MetricSummary s, String metric) {
    MetricSummary.MeanSd v = s.get(metric);
    return v == null ? "–" : String.format(Locale.ROOT, "%.4f ± %.4f", v.mean(), v.sd());
  }

  private static String ms(PaperResults.CvRow r, int i) {
    double[] mean = {r.mean().sensitivity(), r.mean().specificity(), r.mean().precision(), r.mean().auroc(), r.mean().accuracy()};
    double[] sd = {r.sd().sensitivity(), r.sd().specificity(), r.sd().precision(), r.sd().auroc(), r.sd().accuracy()};
    return String.format(Locale.ROOT, "%.4f ± %.4f", mean[i], sd[i]);
  }
}
