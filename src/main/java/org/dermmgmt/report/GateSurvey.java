package org.dermmgmt.report;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.decide.QualityCheck;
import org.dermmgmt.decide.QualityGate;
import org.dermmgmt.decide.QualityReport;

/**
 * The image-quality gate run over every image of a set of cases, as {@code predict} and the
 * service run it on each case: how many images (and cases) it would refer and which checks fire.
 * reproduce reports it for the evaluation split, with the main models' gate.
 *
 * @param images distinct image files checked (a photo used as both images counts once)
 * @param rejected images failing at least one check
 * @param cases cases checked
 * @param casesReferred cases with at least one failing image
 * @param failures per check, the images failing it
 */
public record GateSurvey(int images, int rejected, int cases, int casesReferred,
    Map<QualityCheck, Integer> failures, Map<QualityCheck, Double> thresholds) {

  public static GateSurvey of(CaseSource source, List<LesionCase> cases, QualityGate gate) {
    Set<String> failed = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    Map<QualityCheck, Integer> byCheck = new EnumMap<>(QualityCheck.class);
    QualityCheck.ALL.forEach(c -> byCheck.put(c, 0));
    int referred = 0;
    for (LesionCase c : cases) {
      boolean caseFails = false;
      for (String ref : new String[] {c.clinic(), c.derm()}) {
        if (ref == null || ref.isEmpty()) {
          continue;
        }
        if (seen.add(ref)) {
          QualityReport r = gate.check(ref, ImageDecoder.decode(source.image(ref)));
          if (!r.passed()) {
            failed.add(ref);
            r.failures().forEach(f -> byCheck.merge(f.check(), 1, Integer::sum));
          }
        }
        caseFails |= failed.contains(ref);
      }
      referred += caseFails ? 1 : 0;
    }
    return new GateSurvey(seen.size(), failed.size(), cases.size(), referred, byCheck, gate.thresholds());
  }

  /** E.g. "4 of 406 images (0.99%) fail ...; 3 of 203 cases would be referred". */
  String summary(String split) {
    return String.format(Locale.ROOT,
        "%d of the %d images of the %s split (%.2f%%) fail at least one check; %d of its %d cases (%.2f%%) "
            + "would be referred by predict and the service instead of decided.",
        rejected, images, split, 100.0 * rejected / Math.max(1, images), casesReferred, cases,
        100.0 * casesReferred / Math.max(1, cases));
  }

  Table table() {
    Table t = new Table("Check", "Measure", "Threshold", "Images failing");
    for (QualityCheck c : QualityCheck.ALL) {
      double v = thresholds.get(c);
      t.row(c.name(), c.measure(), (c.atLeast() ? "≥ " : "≤ ") + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)),
          String.valueOf(failures.get(c)));
    }
    return t;
  }
}
