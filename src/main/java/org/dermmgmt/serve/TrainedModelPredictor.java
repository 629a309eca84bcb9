package org.dermmgmt.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.dermmgmt.data.Management;
import org.dermmgmt.explain.GradCam;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.decide.AuditLog;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.infer.DecisionLayer;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.ImageInput;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.infer.PredictionRecords;
import org.dermmgmt.infer.PredictionView;
import org.dermmgmt.infer.TrainedModel;

/**
 * The service's predictor on the one inference path: the same {@link TrainedModel}, {@link
 * org.dermmgmt.infer.Inferer} and {@link DecisionLayer} as {@code dermmgmt predict}, with the cases
 * of a batch predicted together (one forward per member and view for the whole batch). Each
 * prediction is appended to the audit log when there is one.
 */
public final class TrainedModelPredictor implements CasePredictor {
  private final TrainedModel model;
  private final GradCam gradCam;
  private final ModelCard card;
  private final DecisionLayer decisions;
  private final AuditLog audit;

  private TrainedModelPredictor(TrainedModel model, boolean explain, ModelCard card,
      DecisionLayer decisions, AuditLog audit) {
    this.model = model;
    this.decisions = decisions;
    this.audit = audit;
    // Grad-CAM runs the loaded networks' eager layers under autograd; packed inference (no
    // autograd) never reads them, so both share one copy of the weights.
    // A mixed model is explained through every part, each on its own preprocessing.
    this.gradCam = explain ? new GradCam(
        model.inferer().groups().stream().map(Inferer.Group::members).toList(), model.manager(), model.priors())
        : null;
    this.card = card;
  }

  /** The run as stored: its calibration and policy, the quality gate on, no audit log. */
  public static TrainedModelPredictor load(Path runDir, boolean explain) {
    return load(runDir, explain, DecisionLayer::stored, null);
  }

  /**
   * @param explain also answer {@code ?explain=true} (Grad-CAM on the loaded networks)
   * @param decisions the decision layer for the loaded model (calibration, policy, gate)
   * @param audit where each prediction is appended, or null
   */
  public static TrainedModelPredictor load(Path runDir, boolean explain,
      Function<TrainedModel, DecisionLayer> decisions, AuditLog audit) {
    TrainedModel model = TrainedModel.load(runDir);
    try {
      DecisionLayer layer = decisions.apply(model);
      return new TrainedModelPredictor(model, explain,
          ModelCards.of(runDir, model.card(), model.size(), explain, model.precision().label(), layer), layer, audit);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public ModelCard card() {
    return card;
  }

  @Override
  public List<CaseResult> predict(List<CaseRequest> requests) {
    return predict(requests, audit);
  }

  @Override
  public void warmUp(CaseRequest blank) {
    // A batch of one and one of two: the packed inference keeps a pack for each kind.
    predict(List.of(blank), null);
    predict(List.of(blank, blank), null);
  }

  private List<CaseResult> predict(List<CaseRequest> requests, AuditLog audit) {
    List<CaseInput> inputs = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CaseRequest r = requests.get(i);
      inputs.add(new CaseInput(String.valueOf(i), null,
          r.clinic() == null ? null : new ImageInput.Decoded("clinic", r.clinic(), r.clinicBytes()),
          r.derm() == null ? null : new ImageInput.Decoded("derm", r.derm(), r.dermBytes()),
          r.sex(), r.location(), r.elevation()));
    }
    // The one inference path: the run's views, ensemble and calibration, as predict and evaluate.
    List<Prediction> predictions = model.inferer().predict(inputs, null);
    List<PredictionView> views = new ArrayList<>();
    List<PredictionRecord> records = new ArrayList<>();
    List<CaseRequest> toExplain = new ArrayList<>();
    List<Management> targets = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CaseRequest r = requests.get(i);
      List<QualityReport> quality = decisions.quality(r.clinic(), r.derm());
      PredictionView view = decisions.view(null, model, predictions.get(i), quality);
      views.add(view);
      records.add(decisions.record(inputs.get(i), model, predictions.get(i), view, quality));
      if (audit != null) {
        audit.append(PredictionRecords.audit(inputs.get(i), records.get(i)));
      }
      if (requests.get(i).explain() && gradCam != null) {
        toExplain.add(requests.get(i));
        targets.add(view.recommendation());
      }
    }
    List<Map<String, HeatMap>> maps = toExplain.isEmpty() ? List.of()
        : gradCam.explain(batchesOf(model, toExplain), targets.toArray(Management[]::new));
    List<CaseResult> out = new ArrayList<>();
    int e = 0;
    for (int i = 0; i < requests.size(); i++) {
      boolean explained = requests.get(i).explain() && gradCam != null;
      out.add(new CaseResult(views.get(i), records.get(i), explained ? maps.get(e++) : null));
    }
    return out;
  }

  /** For the Grad-CAM passes: the requests' plain views, one batch per part of the model, each on its preprocessing. */
  static List<CaseBatch> batchesOf(TrainedModel model, List<CaseRequest> requests) {
    return model.inferer().groups().stream().map(g -> batchOf(model, g.pipeline(), requests)).toList();
  }

  private static CaseBatch batchOf(TrainedModel model, ImagePipeline pipeline, List<CaseRequest> requests) {
    Inputs inputs = model.card().model().inputs();
    int size = pipeline.size();
    var vocabulary = model.card().model().metadata();
    int n = requests.size();
    int len = 3 * size * size;
    float[] c = inputs.clinic() ? new float[n * len] : null;
    float[] d = inputs.derm() ? new float[n * len] : null;
    float[] m = inputs.meta() ? new float[n * vocabulary.size()] : null;
    IntStream.range(0, n).parallel().forEach(i -> {
      CaseRequest r = requests.get(i);
      if (c != null) {
        System.arraycopy(pipeline.plain(pipeline.load(r.clinic(), r.clinicBytes())), 0, c, i * len, len);
      }
      if (d != null) {
        System.arraycopy(pipeline.plain(pipeline.load(r.derm(), r.dermBytes())), 0, d, i * len, len);
      }
      if (m != null) {
        float[] meta = vocabulary.encode(r.sex(), r.location(), r.elevation());
        System.arraycopy(meta, 0, m, i * meta.length, meta.length);
      }
    });
    return new CaseBatch(n, c, d, m, size);
  }

  @Override
  public void close() {
    model.close();
  }
}
