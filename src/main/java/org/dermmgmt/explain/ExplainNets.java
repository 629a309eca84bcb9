package org.dermmgmt.explain;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.infer.ModelCard;
import org.dermmgmt.infer.RunDir;

/**
 * The networks of a run directory, loaded for Grad-CAM. TrainedModel keeps its networks to itself,
 * so explanations load their own copy of the same model.params (the same weights, a second time
 * in memory); once inference has one object that exposes its networks, this class goes.
 */
public final class ExplainNets implements AutoCloseable {
  private final List<Model> models;
  private final List<FusionNet> nets;

  private ExplainNets(List<Model> models, List<FusionNet> nets) {
    this.models = models;
    this.nets = nets;
  }

  /** Loads every member of {@code runDir} (one network unless the run is an ensemble). */
  public static ExplainNets load(Path runDir) {
    RunDir run = new RunDir(runDir);
    int k = ModelCard.read(run).ensemble();
    List<RunDir> dirs = new ArrayList<>();
    if (k <= 1) {
      dirs.add(run);
    } else {
      for (int i = 1; i <= k; i++) {
        dirs.add(run.member(i));
      }
    }
    List<Model> models = new ArrayList<>();
    List<FusionNet> nets = new ArrayList<>();
    try {
      for (RunDir dir : dirs) {
        ModelCard c = ModelCard.read(dir);
        Model model = Model.newInstance("dermmgmt-explain");
        models.add(model);
        FusionNet net = new FusionNet(c.model());
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(1));
        RunDir.loadParameters(net, model.getNDManager(), dir.model());
        nets.add(net);
      }
    } catch (RuntimeException e) {
      models.forEach(Model::close);
      throw e;
    }
    return new ExplainNets(List.copyOf(models), List.copyOf(nets));
  }

  public List<FusionNet> nets() {
    return nets;
  }

  /** The manager the Grad-CAM passes open their sub-managers under. */
  public NDManager manager() {
    return models.get(0).getNDManager();
  }

  @Override
  public void close() {
    models.forEach(Model::close);
  }
}
