package org.dermmgmt.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.explain.ExplainNets;
import org.dermmgmt.explain.GradCam;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.CasePrediction;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.train.CasePredictionView;
import org.dermmgmt.train.TrainedModel;

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
      return new TrainedModelPredictor(model, nets, ModelCards.of(runDir, model.config(), model.size(), explain));
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
    List<CasePrediction> predictions = model.predict(batchOf(requests));
    List<CasePredictionView> views = new ArrayList<>();
    List<CaseRequest> toExplain = new ArrayList<>();
    List<Management> targets = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CasePredictionView view = CasePredictionView.of(null, model, predictions.get(i));
      views.add(view);
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
      out.add(new CaseResult(views.get(i), explained ? maps.get(e++) : null));
    }
    return out;
  }

  /** The requests stacked as NewCase builds one case: plain preprocessing, one-hot metadata. */
  private CaseBatch batchOf(List<CaseRequest> requests) {
    Inputs inputs = model.config().model().inputs();
    int size = model.config().model().imageSize();
    int n = requests.size();
    int len = 3 * size * size;
    float[] c = inputs.clinic() ? new float[n * len] : null;
    float[] d = inputs.derm() ? new float[n * len] : null;
    float[] m = inputs.meta() ? new float[n * MetadataEncoder.SIZE] : null;
    List<LesionCase> cases = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CaseRequest r = requests.get(i);
      if (c != null) {
        System.arraycopy(model.pipeline().eval(r.clinic()), 0, c, i * len, len);
      }
      if (d != null) {
        System.arraycopy(model.pipeline().eval(r.derm()), 0, d, i * len, len);
      }
      if (m != null) {
        float[] meta = MetadataEncoder.encode(r.sex(), r.location(), r.elevation());
        System.arraycopy(meta, 0, m, i * MetadataEncoder.SIZE, MetadataEncoder.SIZE);
      }
      cases.add(new LesionCase(-1, -1, "", null, new int[7], 0, null, r.sex(), r.location(), r.elevation(),
          "upload", "upload"));
    }
    return new CaseBatch(cases, c, d, m, size);
  }

  @Override
  public void close() {
    if (explainNets != null) {
      explainNets.close();
    }
    model.close();
  }
}
