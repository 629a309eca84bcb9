package org.dermmgmt.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dermmgmt.infer.DecisionLayer;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.model.script.Precision;

/**
 * One trained model per executor JVM, loaded by the first task that needs it and reused by every
 * later task and partition (loading costs seconds and a copy of the weights; a row costs
 * milliseconds). Models live as long as the JVM; a shutdown hook releases their native memory.
 */
final class ExecutorModels {
  /** The model as predict applies it: the run's views, ensemble, calibration, stored policy and quality gate. */
  record Loaded(TrainedModel model, Inferer inferer, DecisionLayer decisions) {}

  private static final Map<String, Loaded> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(l -> l.model().close())));
  }

  private ExecutorModels() {}

  /**
   * The run's model computing in {@code precision} (auto, fp32 or bf16, resolved on this JVM's
   * CPU); its decision layer with the quality gate or without it.
   */
  static Loaded get(String runDir, boolean qualityGate, String precision) {
    Precision p = Precision.resolve(precision, "--precision");
    Loaded l = MODELS.computeIfAbsent(runDir + "|" + p.label(), key -> load(runDir, p));
    return qualityGate ? l : new Loaded(l.model(), l.inferer(), l.decisions().withoutGate());
  }

  /** How many models this JVM has loaded (one per run directory, whatever the number of tasks). */
  static int loads() {
    return LOADS.get();
  }

  private static Loaded load(String runDir, Precision precision) {
    LOADS.incrementAndGet();
    Path dir = Path.of(runDir);
    TrainedModel model = TrainedModel.load(dir, precision);
    return new Loaded(model, model.inferer(), DecisionLayer.stored(model));
  }
}
