package org.dermmgmt.serve;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
    // libtorch's grad mode is per thread and DJL turns it off only on the thread that loaded the
    // engine: a worker thread would otherwise record an autograd graph at every forward.
    JniUtils.setGradMode(false);
    List<CasePrediction> predictions = model.predict(batchOf(requests));
    List<CasePredictionView> views = predictions.stream().map(p -> CasePredictionView.of(null, model, p)).toList();
    // Grad-CAM for the cases that asked, in one batch, for the class each was recommended.
    List<Integer> asked = IntStream.range(0, requests.size())
        .filter(i -> requests.get(i).explain() && gradCam != null).boxed().toList();
    List<Map<String, HeatMap>> maps = asked.isEmpty() ? List.of() : gradCam.explain(
        batchOf(asked.stream().map(requests::get).toList()),
        asked.stream().map(i -> views.get(i).recommendation()).toArray(Management[]::new));
    List<CaseResult> out = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      int e = asked.indexOf(i);
      out.add(new CaseResult(views.get(i), e < 0 ? null : maps.get(e)));
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
    // Each case into its own slice, cases in parallel: resizing costs about as much as a forward.
    IntStream.range(0, n).parallel().forEach(i -> {
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
    });
    List<LesionCase> cases = requests.stream().map(r -> new LesionCase(-1, -1, "", null, new int[7], 0, null,
        r.sex(), r.location(), r.elevation(), "upload", "upload")).toList();
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
