package org.dermmgmt.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.decide.ArgmaxPolicy;
import org.dermmgmt.decide.CalibratedCases;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.model.Task;

/**
 * A trained model loaded from its run directory, ready to predict through its {@link Inferer}. It
 * needs no dataset and no backbone weights file: config.json rebuilds the architecture and
 * model.params holds every weight. A mixed run's parts (one backbone each, a single model or an
 * ensemble) are loaded with their own preprocessing and averaged with equal weight; the mixed
 * run's calibration, policy and priors apply to that mean.
 */
public final class TrainedModel implements AutoCloseable {
  /** One network and the DJL model that owns its parameters. */
  private record Member(Model model, FusionNet net, Packable.Packing packs) {
    void close() {
      try {
        packs.close();
      } finally {
        model.close();
      }
    }
  }

  private final Path root;
  private final ModelCard card;
  /** Members sharing one preprocessing: the whole model, or one part of a mixed one. */
  private record Part(List<Member> members, ImagePipeline pipeline, boolean frozen) {
    List<FusionNet> nets() {
      return members.stream().map(Member::net).toList();
    }
  }

  private final List<Part> parts;
  private final ManagementPriors priors;
  private final Inferer inferer;
  private final TemperatureCalibration calibration;
  private final DecisionPolicy policy;
  private final Precision precision;

  private TrainedModel(Path root, ModelCard card, List<Part> parts, ManagementPriors priors,
      Precision precision) {
    this.root = root;
    this.precision = precision;
    // Runs trained before calibration existed have neither file: uncalibrated, argmax.
    Path cal = root.resolve(TemperatureCalibration.FILE);
    Path pol = root.resolve(DecisionPolicy.FILE);
    this.calibration = Files.isRegularFile(cal) ? TemperatureCalibration.read(cal) : TemperatureCalibration.none();
    this.policy = Files.isRegularFile(pol) ? DecisionPolicy.read(pol) : new ArgmaxPolicy();
    this.card = card;
    this.parts = parts;
    this.priors = priors;
    this.inferer = new Inferer(
        parts.stream().map(p -> new Inferer.Group(p.nets(), p.pipeline(), p.frozen())).toList(), manager(), card.inference(),
        StreamFeatureMemo.forModel(precision));
  }

  /** {@link #load(Path, Precision)} in the process's {@link Precision#inference()}. */
  public static TrainedModel load(Path runDir) {
    return load(runDir, Precision.inference());
  }

  /**
   * Loads a run directory: a single model, or an ensemble whose members are averaged; packed
   * inference computes in {@code precision}.
   */
  public static TrainedModel load(Path runDir, Precision precision) {
    RunDir run = new RunDir(runDir);
    ModelCard card = ModelCard.read(run);
    List<Part> parts = new ArrayList<>();
    try {
      if (card.mixed()) {
        for (int i = 1; i <= card.parts(); i++) {
          RunDir part = run.part(i);
          if (!Files.isRegularFile(part.config())) {
            throw new UserInputException(runDir + " mixes " + card.parts() + " models but part " + i
                + " has not started; resume it with 'dermmgmt train --resume " + runDir + "'");
          }
          parts.add(loadPart(part, ModelCard.read(part), precision));
        }
      } else {
        parts.add(loadPart(run, card, precision));
      }
      ManagementPriors priors =
          Files.isRegularFile(run.priors()) ? ManagementPriors.read(run.priors()) : null;
      return new TrainedModel(runDir, card, List.copyOf(parts), priors, precision);
    } catch (RuntimeException e) {
      parts.forEach(p -> p.members().forEach(Member::close));
      throw e;
    }
  }

  /** A single model or an ensemble's members, with the preprocessing its card records. */
  private static Part loadPart(RunDir run, ModelCard card, Precision precision) {
    List<Member> members = new ArrayList<>();
    try {
      if (card.ensemble() <= 1) {
        members.add(loadNet(run, card, precision));
      } else {
        for (int i = 1; i <= card.ensemble(); i++) {
          RunDir member = run.member(i);
          if (!Files.isRegularFile(member.config())) {
            throw new UserInputException(run.root() + " is an ensemble of " + card.ensemble() + " but member " + i
                + " has not started; resume it with 'dermmgmt train --resume " + run.root() + "'");
          }
          members.add(loadNet(member, ModelCard.read(member), precision));
        }
      }
      return new Part(List.copyOf(members), card.preprocessing().pipeline().build(), card.frozenBackbone());
    } catch (RuntimeException e) {
      members.forEach(Member::close);
      throw e;
    }
  }

  private static Member loadNet(RunDir run, ModelCard card, Precision precision) {
    if (!Files.isRegularFile(run.model())) {
      throw new UserInputException(
          run.root() + " has no model.params yet: the run finished no epoch; resume it with 'dermmgmt train --resume "
              + run.root() + "'");
    }
    Model model = Model.newInstance("dermmgmt");
    try {
      FusionNet net = new FusionNet(card.model());
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(1));
      RunDir.loadParameters(net, model.getNDManager(), run.model());
      // Loaded weights never change again: inference may run on packed copies (MobileNetV2).
      return new Member(model, net, net.packForInference(precision));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The members' networks, for reading their weights (to start a new run from them); of a mixed
   * run, its first part's. Every part's are in {@link Inferer#groups()}.
   */
  public List<FusionNet> networks() {
    return parts.get(0).nets();
  }

  /**
   * The manager that per-call sub-managers are made from: the Inferer's batches, and Grad-CAM's
   * passes over every part's networks.
   */
  public NDManager manager() {
    return parts.get(0).members().get(0).model().getNDManager();
  }

  /** How many networks are averaged (1 unless the run is an ensemble or mixed). */
  public int size() {
    return parts.stream().mapToInt(p -> p.members().size()).sum();
  }

  public Path root() {
    return root;
  }

  /** The arithmetic of the packed backbone convolutions (what {@link #load(Path, Precision)} was given). */
  public Precision precision() {
    return precision;
  }

  public ModelCard card() {
    return card;
  }

  public Task task() {
    return card.model().task();
  }

  /** The run's inference object (its recorded views, batching and ensemble averaging). */
  public Inferer inferer() {
    return inferer;
  }

  /** The same model applied with another number of test-time views (for ablations and --tta). */
  public Inferer inferer(int views) {
    return views == inferer.spec().views() ? inferer : inferer.withSpec(inferer.spec().withViews(views));
  }

  /** Priors P(management | diagnosis) from the run's training cases (used by diag models). */
  public ManagementPriors priors() {
    return priors;
  }

  /** Predictions of a dataset's cases, in order, with the run's spec. */
  public List<Prediction> predict(CaseSource source, List<LesionCase> cases) {
    return predict(source, cases, inferer, null);
  }

  public static List<Prediction> predict(
      CaseSource source, List<LesionCase> cases, Inferer inferer, IntConsumer progress) {
    try {
      return inferer.predict(cases.stream().map(c -> CaseInput.of(source, c)).toList(), progress);
    } catch (UserInputException e) {
      throw e.at(source.describe(), e.field()); // "TABLE: case 7, field derm: image ... is truncated"
    }
  }

  /**
   * Management probabilities of a prediction: the management head's, or for a diagnosis-only
   * model the soft inference through the priors (paper.md §3).
   */
  public double[] management(Prediction p) {
    return managementOf(task(), p, priors);
  }

  public static double[] managementOf(Task task, Prediction p, ManagementPriors priors) {
    if (task.predictsManagement()) {
      return p.head(task, Task.MANAGEMENT);
    }
    if (priors == null) {
      throw new UserInputException("this diagnosis-only model has no priors.json to infer management");
    }
    return priors.infer(p.head(task, Task.DIAGNOSIS));
  }

  /** The run's stored calibration ({@link TemperatureCalibration#none()} when it has none). */
  public TemperatureCalibration calibration() {
    return calibration;
  }

  /** The run's stored decision policy (argmax when it has none). */
  public DecisionPolicy policy() {
    return policy;
  }

  /** Management and diagnosis (null without that head) probabilities as decisions are made on. */
  public record Outputs(double[] management, double[] diagnosis) {}

  /**
   * The one place calibration is applied to a prediction: management (for a diag model the one
   * inferred through the priors) and diagnosis scaled by {@code cal}'s temperatures. predict and
   * evaluate both come through here (evaluate via {@link #outputs(Task, Prediction, ManagementPriors,
   * TemperatureCalibration)}), so they give the same probabilities.
   */
  public Outputs outputs(Prediction p, TemperatureCalibration cal) {
    return outputs(task(), p, priors, cal);
  }

  public static Outputs outputs(Task task, Prediction p, ManagementPriors priors, TemperatureCalibration cal) {
    double[] d = p.head(task, Task.DIAGNOSIS);
    return new Outputs(cal.apply(CalibratedCases.MANAGEMENT, managementOf(task, p, priors)),
        d == null ? null : cal.apply(CalibratedCases.DIAGNOSIS, d));
  }

  @Override
  public void close() {
    parts.forEach(p -> p.members().forEach(Member::close));
  }
}
