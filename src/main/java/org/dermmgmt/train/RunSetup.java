package org.dermmgmt.train;

import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.MetadataVocabulary;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.model.backbone.Backbone;

/** A new run's config.json from its options, cases and the backbone weights it starts from. */
public final class RunSetup {
  private RunSetup() {}

  public static RunConfig config(
      TrainOptions o, CaseSource source, Path weights, List<LesionCase> train, List<LesionCase> select) {
    o = o.withResolvedPrecision(); // the run records the arithmetic it really ran in
    Backbone backbone = o.fusionConfig().backboneImpl();
    // A mixed run's weights are a folder; each part records its own file and sha256.
    String sha = backbone.pretrained() && !o.mixed() ? backbone.weightsSha256(weights) : null;
    return RunConfig.of(o, vocabulary(source, train), TrainProvenance.of(source, weights, sha, o.seed()),
        train.stream().map(LesionCase::caseNum).toList(),
        select.stream().map(LesionCase::caseNum).toList());
  }

  /**
   * The metadata one-hot: a Derm7pt release keeps its 14 values; a case table's are Derm7pt's
   * followed by any other value its training cases use (a clinic's own body sites, say).
   */
  static MetadataVocabulary vocabulary(CaseSource source, List<LesionCase> train) {
    MetadataVocabulary derm7pt = MetadataVocabulary.derm7pt();
    return source instanceof Derm7ptRelease ? derm7pt : derm7pt.extendedWith(train);
  }

  /** Trains a new run directory (or resumes it where it stands). */
  public static TrainResult train(
      TrainOptions o, CaseSource source, Path weights, List<LesionCase> train, List<LesionCase> select,
      org.dermmgmt.infer.RunDir run, Path featureCache, java.io.PrintStream err, boolean resume) {
    RunConfig config = config(o, source, weights, train, select);
    return RunTrainer.train(config, new TrainingData(source, train, select), run, weights, featureCache, err, resume);
  }
}
