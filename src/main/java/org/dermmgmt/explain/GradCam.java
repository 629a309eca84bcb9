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
 * An ensemble's maps are the mean of its members' before the positive part is taken.
 *
 * <p>The gradient comes from DJL's autograd on the loaded network. The feature maps are computed
 * without gradient and then made the leaves of the graph, so only pooling and the heads are
 * differentiated (which is all Grad-CAM needs) and the backbone's weights collect no gradient.
 */
public final class GradCam {
  /** DJL's PyTorch engine allows one gradient collector per process at a time. */
  private static final ReentrantLock AUTOGRAD = new ReentrantLock();

  private final List<FusionNet> nets;
  private final NDManager parent;
  private final Task task;
  private final ManagementPriors priors;

  /** @param priors needed for diagnosis-only models, ignored otherwise */
  public GradCam(List<FusionNet> nets, NDManager parent, ManagementPriors priors) {
    if (nets.isEmpty()) {
      throw new IllegalArgumentException("no network to explain");
    }
    this.nets = List.copyOf(nets);
    this.parent = parent;
    this.task = nets.get(0).config().task();
    this.priors = priors;
    if (!task.predictsManagement() && priors == null) {
      throw new IllegalArgumentException("a diagnosis-only model needs priors to explain management");
    }
  }

  /**
   * One map per image input ("clinic", "derm") of every case, for the management class
   * {@code targets[i]} of case i.
   */
  public List<Map<String, HeatMap>> explain(CaseBatch batch, Management[] targets) {
    if (targets.length != batch.size()) {
      throw new IllegalArgumentException("expected " + batch.size() + " targets, got " + targets.length);
    }
    Inputs inputs = nets.get(0).config().inputs();
    List<String> names = new ArrayList<>();
    if (inputs.clinic()) {
      names.add("clinic");
    }
    if (inputs.derm()) {
      names.add("derm");
    }
    float[][] sums = null;
    Shape mapShape = null;
    AUTOGRAD.lock();
    try (NDManager m = parent.newSubManager()) {
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
    } finally {
      AUTOGRAD.unlock();
    }
    int h = (int) mapShape.get(1);
    int w = (int) mapShape.get(2);
    List<Map<String, HeatMap>> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Map<String, HeatMap> maps = new LinkedHashMap<>();
      for (int j = 0; j < names.size(); j++) {
        float[] cam = new float[h * w];
        System.arraycopy(sums[j], i * h * w, cam, 0, h * w);
        maps.put(names.get(j), new HeatMap(w, h, normalised(cam)));
      }
      out.add(maps);
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

  private static float[] normalised(float[] cam) {
    float max = 0f;
    for (int i = 0; i < cam.length; i++) {
      cam[i] = Math.max(cam[i], 0f);
      max = Math.max(max, cam[i]);
    }
    if (max > 0f) {
      for (int i = 0; i < cam.length; i++) {
        cam[i] /= max;
      }
    }
    return cam;
  }
}
