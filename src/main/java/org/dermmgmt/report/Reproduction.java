package org.dermmgmt.report;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.Folds;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.decide.QualityGate;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.train.RunSetup;
import org.dermmgmt.train.TrainOptions;

/**
 * The project's main job: trains and evaluates the paper's experiments (MGMT_infr, MGMT_pred,
 * MGMT_pred,multi, the input ablation and the 3-fold cross-validation) and writes the report
 * that puts our numbers beside the paper's Tables 2-4.
 */
public final class Reproduction {

  /**
   * @param main options of the three main models (their task and inputs are set per experiment)
   * @param secondary options of the ablation and cross-validation runs
   * @param mainWeights the main models' backbone weights
   * @param secondaryWeights the secondary runs' (their backbone may differ from the main models')
   */
  public record Settings(
      Path out, Split evalSplit, int folds, TrainOptions main, TrainOptions secondary,
      Path mainWeights, Path secondaryWeights, Path featureCache, boolean quick) {}

  /** One experiment: a model trained and evaluated on the evaluation split. */
  public record Experiment(String id, String label, Task task, Inputs inputs) {}

  /** What the report is written from. */
  public record Outcome(
      Settings settings,
      Map<String, MetricsReport> metrics,
      Map<String, List<EvaluatedCase>> cases,
      Map<String, CrossValidation.Result> crossval,
      List<PolicyComparison.Row> policies,
      GateSurvey gate,
      double seconds,
      double estimatedSeconds,
      int selectionCases,
      String selectionNote) {}

  public static final List<Experiment> MAIN =
      List.of(
          new Experiment("infr", "MGMT_infr (diagnosis + priors)", Task.DIAG, Inputs.ALL),
          new Experiment("pred", "MGMT_pred (management directly)", Task.MGMT, Inputs.ALL),
          new Experiment("multi", "MGMT_pred,multi (multi-task)", Task.MULTI, Inputs.ALL));

  /** Every input subset of Table 4, CDM included, trained in one mode so the rows compare like with like. */
  public static final List<String> ABLATION = List.of("C", "CM", "D", "DM", "CD", "CDM");

  private final Derm7ptRelease release;
  private final Settings s;
  private final PrintStream err;

  public Reproduction(Derm7ptRelease release, Settings settings, PrintStream err) {
    this.release = release;
    this.s = settings;
    this.err = err;
  }

  /** How a run was trained and applied, in words, for the report's tables. */
  public static String mode(TrainOptions o) {
    if (o.mixed()) {
      return "the mean of " + String.join(" and ", o.parts().stream().map(Reproduction::mode).toList());
    }
    return (o.freezeBackbone() ? "frozen " : "fine-tuned ") + o.backbone() + ", " + o.ensemble()
        + (o.ensemble() == 1 ? " model" : " models") + ", " + o.tta() + " test-time views";
  }

  public int experimentCount() {
    return MAIN.size() + ABLATION.size() + MAIN.size();
  }

  public Outcome run() {
    long t0 = System.nanoTime();
    List<LesionCase> train = cases(s.main().trainSplits());
    List<LesionCase> select = release.split(s.main().selectSplit());
    String note = "selected on the " + s.main().selectSplit().label() + " split";
    if (s.main().selectSplit() == s.evalSplit() || s.main().trainSplits().contains(s.evalSplit())) {
      // Selecting on the split we report on would flatter the numbers: hold back a stratified
      // fifth of the training cases for selection instead.
      Folds.Fold inner = Folds.stratified(train, 5, s.main().seed()).get(0);
      train = inner.train();
      select = inner.test();
      note = "selected on a stratified fifth of the training cases, held back (the evaluation split is "
          + s.evalSplit().label() + ")";
    }
    List<LesionCase> eval = release.split(s.evalSplit());
    double estimate = estimateSeconds(train.size(), select.size(), eval.size());
    err.printf("reproduce: %d experiments; estimated wall time %s on this machine (%d cores)%n",
        experimentCount(), minutes(estimate), Runtime.getRuntime().availableProcessors());
    Map<String, MetricsReport> metrics = new LinkedHashMap<>();
    Map<String, List<EvaluatedCase>> cases = new LinkedHashMap<>();
    List<PolicyComparison.Row> policies = new ArrayList<>();
    int index = 0;
    List<Experiment> singles = new ArrayList<>(MAIN);
    for (String a : ABLATION) {
      singles.add(new Experiment("ablation-" + a, "multi-task, inputs " + a, Task.MULTI, Inputs.parse(a)));
    }
    for (Experiment e : singles) {
      index++;
      err.printf("[%d/%d] %s%n", index, experimentCount(), e.label());
      boolean ablation = e.id().startsWith("ablation");
      TrainOptions o = withTask(ablation ? s.secondary() : s.main(), e.task(), e.inputs());
      RunDir run = new RunDir(s.out().resolve("runs").resolve(e.id()));
      long started = System.nanoTime();
      if (!Files.exists(run.result())) {
        RunSetup.train(o, release, ablation ? s.secondaryWeights() : s.mainWeights(), train, select, run, s.featureCache(), err,
            Files.exists(run.state()) || Files.exists(run.config()));
      } else {
        err.println("  already trained; reusing " + run.root());
      }
      long trained = System.nanoTime();
      ModelEvaluation.Calibrated c = ModelEvaluation.runCalibrated(run.root(), release, eval,
          s.evalSplit().label(), o.tta(), null, o.seed(), s.out().resolve("evals").resolve(e.id()), false);
      ModelEvaluation.Result r = c.result();
      err.printf("  [%d/%d] done in %s (training %s, evaluation %s)%n", index, experimentCount(),
          minutes((System.nanoTime() - started) / 1e9), minutes((trained - started) / 1e9),
          minutes((System.nanoTime() - trained) / 1e9));
      if (MAIN.contains(e)) {
        policies.addAll(PolicyComparison.rows(e.id(), s.evalSplit().label(), List.of(c)));
      }
      metrics.put(e.id(), r.metrics());
      cases.put(e.id(), r.cases());
    }
    Map<String, CrossValidation.Result> cv = new LinkedHashMap<>();
    List<LesionCase> cvCases = cases(List.of(Split.TRAIN, Split.VALID));
    for (Experiment e : MAIN) {
      index++;
      err.printf("[%d/%d] %d-fold cross-validation of %s%n", index, experimentCount(), s.folds(), e.label());
      Path dir = s.out().resolve("crossval").resolve(e.id());
      long started = System.nanoTime();
      CrossValidation.Result r = CrossValidation.run(release, cvCases, withTask(s.secondary(), e.task(), e.inputs()),
          s.folds(), dir, s.secondaryWeights(), s.featureCache(), err);
      err.printf("  [%d/%d] done in %s%n", index, experimentCount(), minutes((System.nanoTime() - started) / 1e9));
      cv.put(e.id(), r);
      policies.addAll(PolicyComparison.rows(e.id(), s.folds() + "-fold CV (pooled)", r.foldEvaluations()));
    }
    // What the image-quality gate of the main models would refer on the evaluation split.
    GateSurvey gate = GateSurvey.of(release, eval, QualityGate.forInputSide(s.main().imageSize()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Outcome(s, metrics, cases, cv, policies, gate, seconds, estimate, select.size(), note);
  }

  private List<LesionCase> cases(List<Split> splits) {
    List<LesionCase> all = new ArrayList<>();
    for (Split sp : splits) {
      all.addAll(release.split(sp));
    }
    return all;
  }

  static TrainOptions withTask(TrainOptions o, Task task, Inputs inputs) {
    return o.eachPart(p -> p.toBuilder().task(task).inputs(inputs).build());
  }

  /**
   * The wall-time estimate ({@link WallTimeModel}); frozen features are computed once per backbone,
   * image and view and then shared by every run on that backbone (the main models' head warm-up
   * included), on disk for training and in memory for evaluation ({@code StreamFeatureMemo}).
   */
  double estimateSeconds(int train, int select, int eval) {
    WallTimeModel cost = new WallTimeModel(Precision.inference(), Runtime.getRuntime().availableProcessors());
    int cvCases = release.split(Split.TRAIN).size() + release.split(Split.VALID).size();
    return estimateSeconds(cost, s, train, select, eval, cvCases);
  }

  /** The estimate of a reproduction with {@code s} on a machine costed by {@code cost}. */
  static double estimateSeconds(WallTimeModel cost, Settings s, int train, int select, int eval, int cvCases) {
    TrainOptions main = s.main();
    TrainOptions secondary = s.secondary();
    // Images whose frozen features some run reads, per backbone: the cross-validation covers
    // train+valid; the main models' warm-up their training and selection cases.
    Map<String, Integer> featureImages = new LinkedHashMap<>();
    for (TrainOptions part : secondary.partsOrSelf()) {
      if (part.freezeBackbone() || part.headWarmup() > 0) {
        featureImages.merge(part.backbone(), 2 * cvCases, Math::max);
      }
    }
    for (TrainOptions part : main.partsOrSelf()) {
      if (part.freezeBackbone() || part.headWarmup() > 0) {
        featureImages.merge(part.backbone(), 2 * (train + select), Math::max);
      }
    }
    int views = Math.max(Math.max(main.views(), secondary.views()), secondary.tta()) + 1;
    double total = 0;
    for (Map.Entry<String, Integer> e : featureImages.entrySet()) {
      total += cost.features(e.getKey(), e.getValue(), views);
    }
    // The frozen models' evaluations compute the evaluation split's features once (the memo).
    Map<String, Integer> evalViews = new LinkedHashMap<>();
    for (TrainOptions o : List.of(main, secondary)) {
      for (TrainOptions part : o.partsOrSelf()) {
        if (part.freezeBackbone()) {
          evalViews.merge(part.backbone(), 1 + part.tta(), Math::max);
        }
      }
    }
    for (Map.Entry<String, Integer> e : evalViews.entrySet()) {
      total += cost.features(e.getKey(), 2 * eval, e.getValue());
    }
    total += MAIN.size() * (cost.training(main, train, select) + cost.evaluation(main, eval));
    total += ABLATION.size() * (cost.training(secondary, train, select) + cost.evaluation(secondary, eval));
    int foldTrain = cvCases * (s.folds() - 1) / s.folds();
    total += MAIN.size() * s.folds() * (cost.training(secondary, foldTrain * 4 / 5, foldTrain / 5)
        + cost.evaluation(secondary, cvCases / s.folds()));
    return total;
  }

  static String minutes(double seconds) {
    return seconds < 90 ? String.format("%.0f s", seconds) : String.format("%.0f min", seconds / 60);
  }
}
