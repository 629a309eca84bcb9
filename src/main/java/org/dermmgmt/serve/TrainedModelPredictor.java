package org.dermmgmt.serve;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dermmgmt.data.Management;
import org.dermmgmt.explain.ExplainNets;
import org.dermmgmt.explain.GradCam;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.ImageInput;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.infer.PredictionRecords;
import org.dermmgmt.infer.PredictionView;
import org.dermmgmt.infer.TrainedModel;

/**
 * The service's predictor over today's inference code: the same {@link TrainedModel}, image
 * preprocessing and {@link CasePredictionView} as {@code dermmgmt predict}, with the cases of a
 * batch stacked into one {@link CaseBatch} (one forward per member for the whole batch). When
 * inference moves into one shared object, only this class changes.
 */
public final class TrainedModelPredictor implements CasePredictor {
  private final TrainedModel model;
  private final ExplainNets explainNets;
  private final GradCam gradCam;
  private final ModelCard card;

  private TrainedModelPredictor(TrainedModel model, ExplainNets explainNets, ModelCard card) {
    this.model = model;
    this.explainNets = explainNets;
    this.gradCam = explainNets == null ? null : new GradCam(explainNets.nets(), explainNets.manager(), model.priors());
    this.card = card;
  }

  /** @param explain also load the networks for Grad-CAM (a second copy of the weights) */
  public static TrainedModelPredictor load(Path runDir, boolean explain) {
    TrainedModel model = TrainedModel.load(runDir);
    try {
      ExplainNets nets = explain ? ExplainNets.load(runDir) : null;
      return new TrainedModelPredictor(model, nets, ModelCards.of(runDir, model.card(), model.size(), explain));
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
    // libtorch's grad mode is per thread and DJL turns it off only on the thread that loaded the
    // engine: a worker thread would otherwise record an autograd graph at every forward.
    JniUtils.setGradMode(false);
    List<CaseInput> inputs = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CaseRequest r = requests.get(i);
      inputs.add(new CaseInput(String.valueOf(i), null,
          r.clinicBytes() == null ? null : new ImageInput.Bytes("clinic", r.clinicBytes()),
          r.dermBytes() == null ? null : new ImageInput.Bytes("derm", r.dermBytes()),
          r.sex(), r.location(), r.elevation()));
    }
    // The one inference path: the run's views, ensemble and calibration, as predict and evaluate.
    List<Prediction> predictions = model.inferer().predict(inputs, null);
    Decider decider = Decider.of(model.policy());
    List<PredictionView> views = new ArrayList<>();
    List<PredictionRecord> records = new ArrayList<>();
    List<CaseRequest> toExplain = new ArrayList<>();
    List<Management> targets = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      PredictionView view = PredictionView.of(null, model, predictions.get(i), model.calibration(), decider);
      views.add(view);
      records.add(PredictionRecords.record(inputs.get(i), model, predictions.get(i), model.calibration(), decider, view));
      if (requests.get(i).explain() && gradCam != null) {
        toExplain.add(requests.get(i));
        targets.add(view.recommendation());
      }
    }
    List<Map<String, HeatMap>> maps = toExplain.isEmpty() ? List.of()
        : gradCam.explain(batchOf(toExplain), targets.toArray(Management[]::new));
    List<CaseResult> out = new ArrayList<>();
    int e = 0;
    for (int i = 0; i < requests.size(); i++) {
      boolean explained = requests.get(i).explain() && gradCam != null;
      out.add(new CaseResult(views.get(i), records.get(i), explained ? maps.get(e++) : null));
    }
    return out;
  }

  /** The plain views of the requests stacked into one batch, for the Grad-CAM passes. */
  private CaseBatch batchOf(List<CaseRequest> requests) {
    Inputs inputs = model.card().model().inputs();
    int size = model.card().model().imageSize();
    var vocabulary = model.card().model().metadata();
    var pipeline = model.inferer().pipeline();
    int n = requests.size();
    int len = 3 * size * size;
    float[] c = inputs.clinic() ? new float[n * len] : null;
    float[] d = inputs.derm() ? new float[n * len] : null;
    float[] m = inputs.meta() ? new float[n * vocabulary.size()] : null;
    IntStream.range(0, n).parallel().forEach(i -> {
      CaseRequest r = requests.get(i);
      if (c != null) {
        System.arraycopy(pipeline.plain(pipeline.load(r.clinicBytes(), "clinic")), 0, c, i * len, len);
      }
      if (d != null) {
        System.arraycopy(pipeline.plain(pipeline.load(r.dermBytes(), "derm")), 0, d, i * len, len);
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
    if (explainNets != null) {
      explainNets.close();
    }
    model.close();
  }
}
