package org.dermmgmt.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.decide.ArgmaxPolicy;
import org.dermmgmt.decide.CalibratedCases;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PredictionsCsv;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.infer.TrainedModel;

/**
 * After training: the run's selection cases predicted through its own inference (for an ensemble,
 * the averaged model), a temperature per head fitted on them ({@value TemperatureCalibration#FILE}),
 * the default argmax policy ({@value DecisionPolicy#FILE}), and the uncalibrated selection cases
 * themselves ({@value #CASES}) so that {@code evaluate --policy safety} can fit its threshold on the
 * selection split without the dataset.
 */
public final class RunCalibration {
  /** The selection cases as the model gives them (uncalibrated), in predictions.csv format. */
  public static final String CASES = "calibration_cases.csv";
  public static final String FITTED_ON = "selection";

  private RunCalibration() {}

  public static TemperatureCalibration write(RunDir run, TrainingData data, PrintStream err) {
    try (TrainedModel model = TrainedModel.load(run.root())) {
      return write(model, run, data, err);
    }
  }

  /** As {@link #write(RunDir, TrainingData, PrintStream)} with the run's model already loaded. */
  public static TemperatureCalibration write(TrainedModel model, RunDir run, TrainingData data, PrintStream err) {
    List<Prediction> p = TrainedModel.predict(data.source(), data.select(), model.inferer(), null);
    List<EvaluatedCase> cases = EvaluatedCases.of(model.task(), data.select(), p, model.priors(), FITTED_ON);
    TemperatureCalibration cal = CalibratedCases.fit(FITTED_ON, cases);
    cal.write(run.root().resolve(TemperatureCalibration.FILE));
    PredictionsCsv.write(cases, run.root().resolve(CASES));
    Path policy = run.root().resolve(DecisionPolicy.FILE);
    if (!Files.isRegularFile(policy)) {
      new ArgmaxPolicy().write(policy);
    }
    err.printf("calibration on %d selection cases: temperatures %s -> %s%n",
        cases.size(), cal.temperatures(), run.root().resolve(TemperatureCalibration.FILE));
    return cal;
  }
}
