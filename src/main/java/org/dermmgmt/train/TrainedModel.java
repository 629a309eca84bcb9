package org.dermmgmt.train;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.model.BatchLoader;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.CasePrediction;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.ModelRunner;
import org.dermmgmt.model.Task;

/**
 * A trained model loaded from its run directory, ready to predict. It needs no dataset and no
 * backbone weights file: config.json rebuilds the architecture and model.params holds every weight.
 */
public final class TrainedModel implements AutoCloseable {
  /** One network and the DJL model that owns its parameters. */
  private record Member(Model model, FusionNet net) {}

  private final RunConfig config;
  private final List<Member> members;
  private final ImagePipeline pipeline;
  private final ManagementPriors priors;

  private TrainedModel(RunConfig config, List<Member> members, ManagementPriors priors) {
    this.config = config;
    this.members = members;
    this.priors = priors;
    this.pipeline = config.preprocessing().pipeline().build();
  }

  /** Loads a run directory: a single model, or an ensemble whose members are averaged. */
  public static TrainedModel load(Path runDir) {
    RunDir run = new RunDir(runDir);
    if (!Files.isRegularFile(run.config())) {
      throw new UserInputException(runDir + " is not a run directory: no config.json");
    }
    RunConfig config = run.readJson(run.config(), RunConfig.class);
    int k = config.options().ensemble();
    List<Member> members = new ArrayList<>();
    try {
      if (k <= 1) {
        members.add(loadNet(run, config));
      } else {
        for (int i = 1; i <= k; i++) {
          RunDir member = RunTrainer.member(run, i);
          if (!Files.isRegularFile(member.config())) {
            throw new UserInputException(runDir + " is an ensemble of " + k + " but member " + i
                + " has not started; resume it with 'dermmgmt train --resume " + runDir + "'");
          }
          members.add(loadNet(member, member.readJson(member.config(), RunConfig.class)));
        }
      }
      ManagementPriors priors =
          Files.isRegularFile(run.priors()) ? ManagementPriors.read(run.priors()) : null;
      return new TrainedModel(config, List.copyOf(members), priors);
    } catch (RuntimeException e) {
      members.forEach(m -> m.model().close());
      throw e;
    }
  }

  private static Member loadNet(RunDir run, RunConfig config) {
    if (!Files.isRegularFile(run.model())) {
      throw new UserInputException(
          run.root() + " has no model.params yet: the run finished no epoch; resume it with 'dermmgmt train --resume "
              + run.root() + "'");
    }
    Model model = Model.newInstance("dermmgmt");
    try {
      FusionNet net = new FusionNet(config.model());
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(1));
      RunDir.loadParameters(net, model.getNDManager(), run.model());
      return new Member(model, net);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** How many models are averaged (1 unless the run is an ensemble). */
  public int size() {
    return members.size();
  }

  public RunConfig config() {
    return config;
  }

  public Task task() {
    return config.model().task();
  }

  public ImagePipeline pipeline() {
    return pipeline;
  }

  /** Priors P(management | diagnosis) from the run's training cases (used by diag models). */
  public ManagementPriors priors() {
    return priors;
  }

  public List<CasePrediction> predict(Derm7ptRelease release, List<LesionCase> cases, int tta) {
    try (BatchLoader loader =
        new BatchLoader(release, pipeline, config.model().inputs(), config.model().imageSize())) {
      return ModelRunner.predict(nets(), members.get(0).model().getNDManager(), loader, cases, 16, tta, null);
    }
  }

  /** Predicts one prepared batch (for images that are not part of a release). */
  public List<CasePrediction> predict(CaseBatch batch) {
    return ModelRunner.predict(nets(), members.get(0).model().getNDManager(), batch);
  }

  private List<FusionNet> nets() {
    return members.stream().map(Member::net).toList();
  }

  /**
   * Management probabilities of a prediction: the management head's, or for a diagnosis-only
   * model the soft inference through the priors (paper.md §3).
   */
  public double[] management(CasePrediction p) {
    return managementOf(task(), p, priors);
  }

  public static double[] managementOf(Task task, CasePrediction p, ManagementPriors priors) {
    if (task.predictsManagement()) {
      return p.head(task, Task.MANAGEMENT);
    }
    if (priors == null) {
      throw new UserInputException("this diagnosis-only model has no priors.json to infer management");
    }
    return priors.infer(p.head(task, Task.DIAGNOSIS));
  }

  @Override
  public void close() {
    members.forEach(m -> m.model().close());
  }
}
