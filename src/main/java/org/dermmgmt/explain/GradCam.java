package org.dermmgmt.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.FeatureMapStream;
import org.dermmgmt.model.Task;

/**
 * Grad-CAM (Selvaraju et al. 2017) for a management class, per image stream: the last feature maps
 * A_k of the stream, weighted by the spatial mean of d score / d A_k, summed over k, positive part.
 * The score is the management logit for models that predict management, and log P(m | x) through
 * the priors for diagnosis-only models (the same soft inference the recommendation comes from).
 * An ensemble's maps are the mean of its members' before the positive part is taken. A mixed
 * model's parts (networks of different architectures, each on its own preprocessing) are explained
 * each on its own input; their maps, each scaled to a maximum of 1, are averaged with equal
 * weight, as their probabilities are, on the finest part's grid. Raw maps of different
 * architectures are on unrelated scales, so summing them would let one part speak for both.
 *
 * <p>The gradient comes from DJL's autograd on the loaded network. The feature maps are computed
 * without gradient and then made the leaves of the graph, so only pooling and the heads are
 * differentiated (which is all Grad-CAM needs) and the backbone's weights collect no gradient.
 */
public final class GradCam {
  /** DJL's PyTorch engine allows one gradient collector per process at a time. */
  private static final ReentrantLock AUTOGRAD = new ReentrantLock();

  private final List<List<FusionNet>> parts;
  private final NDManager parent;
  private final Task task;
  private final Inputs inputs;
  private final ManagementPriors priors;

  /**
   * @param parts the model's networks by part: one list (a single model or an ensemble's
   *     members), or one per part of a mixed model
   * @param priors needed for diagnosis-only models, ignored otherwise
   */
  public GradCam(List<List<FusionNet>> parts, NDManager parent, ManagementPriors priors) {
    if (parts.isEmpty() || parts.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException("no network to explain");
    }
    this.parts = parts.stream().map(List::copyOf).toList();
    this.parent = parent;
    FusionNet first = parts.get(0).get(0);
    this.task = first.config().task();
    this.inputs = first.config().inputs();
    this.priors = priors;
    if (!task.predictsManagement() && priors == null) {
      throw new IllegalArgumentException("a diagnosis-only model needs priors to explain management");
    }
  }

  /**
   * One map per image input ("clinic", "derm") of every case, for the management class
   * {@code targets[i]} of case i; {@code batches.get(k)} holds the cases as part k sees them.
   */
  public List<Map<String, HeatMap>> explain(List<CaseBatch> batches, Management[] targets) {
    if (batches.size() != parts.size()) {
      throw new IllegalArgumentException("expected " + parts.size() + " batches (one per part), got " + batches.size());
    }
    for (CaseBatch b : batches) {
      if (targets.length != b.size()) {
        throw new IllegalArgumentException("expected " + b.size() + " targets, got " + targets.length);
      }
    }
    List<String> names = new ArrayList<>();
    if (inputs.clinic()) {
      names.add("clinic");
    }
    if (inputs.derm()) {
      names.add("derm");
    }
    List<List<List<HeatMap>>> perPart = new ArrayList<>(); // part -> case -> stream
    AUTOGRAD.lock();
    try (NDManager m = parent.newSubManager()) {
      for (int k = 0; k < parts.size(); k++) {
        perPart.add(partMaps(parts.get(k), m, batches.get(k), targets));
      }
    } finally {
      AUTOGRAD.unlock();
    }
    List<Map<String, HeatMap>> out = new ArrayList<>();
    for (int i = 0; i < targets.length; i++) {
      Map<String, HeatMap> maps = new LinkedHashMap<>();
      for (int j = 0; j < names.size(); j++) {
        List<HeatMap> ofCase = new ArrayList<>();
        for (List<List<HeatMap>> part : perPart) {
          ofCase.add(part.get(i).get(j));
        }
        maps.put(names.get(j), ofCase.size() == 1 ? ofCase.get(0) : HeatMaps.mean(ofCase));
      }
      out.add(maps);
    }
    return out;
  }

  /** One part's normalised maps, per case and stream: its members' weighted maps summed, positive part. */
  private List<List<HeatMap>> partMaps(List<FusionNet> nets, NDManager m, CaseBatch batch, Management[] targets) {
    float[][] sums = null;
    Shape mapShape = null;
    for (FusionNet net : nets) {
      List<NDArray> cams = camsOf(net, m, batch, targets);
      if (sums == null) {
        sums = new float[cams.size()][];
        mapShape = cams.get(0).getShape();
      }
      for (int j = 0; j < cams.size(); j++) {
        float[] v = cams.get(j).toFloatArray();
        if (sums[j] == null) {
          sums[j] = v;
        } else {
          for (int i = 0; i < v.length; i++) {
            sums[j][i] += v[i];
          }
        }
      }
    }
    int h = (int) mapShape.get(1);
    int w = (int) mapShape.get(2);
    List<List<HeatMap>> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      List<HeatMap> streams = new ArrayList<>();
      for (float[] sum : sums) {
        float[] cam = new float[h * w];
        System.arraycopy(sum, i * h * w, cam, 0, h * w);
        streams.add(new HeatMap(w, h, HeatMaps.normalised(cam)));
      }
      out.add(streams);
    }
    return out;
  }

  /** The weighted feature maps (N, h, w) of each image stream of one network, before ReLU. */
  private List<NDArray> camsOf(FusionNet net, NDManager m, CaseBatch batch, Management[] targets) {
    Inputs inputs = net.config().inputs();
    NDList in = batch.inputs(m, inputs);
    ParameterStore ps = new ParameterStore(m, false);
    List<Block> streams = net.streams();
    List<NDArray> maps = new ArrayList<>();
    int image = 0;
    if (inputs.clinic()) {
      maps.add(leaf(streams.get(0), ps, in.get(image++)));
    }
    if (inputs.derm()) {
      Block derm = streams.get(streams.size() - 1);
      maps.add(leaf(derm, ps, in.get(image++)));
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList parts = new NDList();
      for (NDArray a : maps) {
        parts.add(FeatureMapStream.globalAveragePool(a));
      }
      if (inputs.meta()) {
        parts.add(in.get(image));
      }
      NDArray fused = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
      NDList out = net.head().forward(ps, new NDList(fused), false);
      gc.backward(score(m, out, targets));
    }
    List<NDArray> cams = new ArrayList<>();
    for (NDArray a : maps) {
      Shape s = a.getShape();
      NDArray alpha = a.getGradient().reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
      cams.add(a.mul(alpha.reshape(s.get(0), s.get(1), 1, 1)).sum(new int[] {1}));
    }
    return cams;
  }

  /** The stream's last feature maps as a leaf of a new graph. */
  private static NDArray leaf(Block stream, ParameterStore ps, NDArray images) {
    if (!(stream instanceof FeatureMapStream mapped)) {
      throw new IllegalStateException("Grad-CAM needs a stream with feature maps (MobileNetV2, ResNet-50), got "
          + stream.getClass().getSimpleName());
    }
    NDArray maps = mapped.featureMaps(ps, images, false).stopGradient();
    maps.setRequiresGradient(true);
    return maps;
  }

  /** Sum over the batch of each case's score for its target class. */
  private NDArray score(NDManager m, NDList out, Management[] targets) {
    int n = targets.length;
    int k = Management.values().length;
    float[] onehot = new float[n * k];
    for (int i = 0; i < n; i++) {
      onehot[i * k + targets[i].ordinal()] = 1f;
    }
    NDArray select = m.create(onehot, new Shape(n, k));
    if (task.predictsManagement()) {
      return out.get(task.headIndex(Task.MANAGEMENT)).mul(select).sum();
    }
    int d = DiagnosisGroup.values().length;
    float[] table = new float[d * k];
    for (DiagnosisGroup g : DiagnosisGroup.values()) {
      double[] row = priors.row(g);
      for (int c = 0; c < k; c++) {
        table[g.ordinal() * k + c] = (float) row[c];
      }
    }
    NDArray pDiag = out.get(task.headIndex(Task.DIAGNOSIS)).softmax(1);
    NDArray pMgmt = pDiag.matMul(m.create(table, new Shape(d, k)));
    return pMgmt.log().mul(select).sum();
  }
}
