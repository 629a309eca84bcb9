package org.dermmgmt.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.FusionNet;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.MemoryLayout;
import org.dermmgmt.model.Task;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.script.Kernels;
import org.dermmgmt.model.script.PackedInference;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.train.MultiTaskLoss;
import org.dermmgmt.infer.NoGrad;
import org.dermmgmt.infer.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dermmgmt bench speed}: median milliseconds per training step (fine-tuned and frozen) and
 * inference throughput of the two-stream MobileNetV2 fusion model (or, with {@code --backbone
 * resnet50}, one ResNet-50 stream: {@link ResNetBench}) on random inputs. One JSON line
 * per configuration, the same format as bench/torch_speed.py, so bench/speed.sh can put them side
 * by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmarks (see bench/).",
    subcommands = BenchCommand.Speed.class)
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("usage: dermmgmt bench speed [--batches 8,16] [--size 224]");
  }

  @Command(name = "speed", mixinStandardHelpOptions = true, description = "Time training steps and inference.")
  static final class Speed implements Callable<Integer> {
    @Option(names = "--batches", split = ",", defaultValue = "8,16", description = "Batch sizes to time (default ${DEFAULT-VALUE}).") List<Integer> batches;
    @Option(names = "--size", defaultValue = "224", description = "Input side in pixels (default ${DEFAULT-VALUE}).") int size;
    @Option(names = "--steps", defaultValue = "5", description = "Timed steps per cell; the median is reported (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--backbone", defaultValue = "mobilenet_v2",
        description = "mobilenet_v2 (the two-stream fusion model, default) or resnet50 (one ResNet-50 stream and a linear head; see ResNetBench).")
    String backbone;
    @picocli.CommandLine.Mixin PrecisionOption precision = new PrecisionOption();
    @Option(names = "--profile", paramLabel = "DIR",
        description = "Also write a libtorch operator profile (Chrome trace) of one step per configuration to DIR.")
    Path profile;

    @Override
    public Integer call() throws Exception {
      precision.apply();
      if (ResNetBench.BACKBONE.equals(backbone)) {
        return new ResNetBench(this).run();
      }
      if (!"mobilenet_v2".equals(backbone)) {
        throw new org.dermmgmt.UserInputException(
            "--backbone: expected mobilenet_v2 or resnet50, got '" + backbone + "'");
      }
      FusionConfig cfg =
          new FusionConfig(Task.MGMT, Inputs.ALL, org.dermmgmt.model.backbone.Backbones.defaultName(), 1f, size, false, 0, 0f);
      for (int b : batches) {
        try (Model model = Model.newInstance("bench")) {
          FusionNet net = new FusionNet(cfg);
          net.trainIn(Precision.inference()); // --precision: training too
          model.setBlock(net);
          net.initialize(model.getNDManager(), DataType.FLOAT32, net.inputShapes(b));
          MultiTaskLoss loss = new MultiTaskLoss(Task.MGMT.heads(), new float[] {1f}, null);
          NDManager base = model.getNDManager();
          NDList x = new NDList(
              base.randomNormal(new Shape(b, 3, size, size)),
              base.randomNormal(new Shape(b, 3, size, size)),
              base.zeros(new Shape(b, 14)));
          NDList y = new NDList(base.randomInteger(0, 3, new Shape(b), DataType.INT32));
          DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
          try (Trainer trainer = model.newTrainer(tc)) {
            trainer.initialize(net.inputShapes(b));
            print("finetune", b, time("finetune", b, () -> {
              try (NDManager m = base.newSubManager();
                  GradientCollector gc = trainer.newGradientCollector()) {
                attachStep(m, x, y);
                NDArray l = loss.compute(trainer.forward(x), y);
                gc.backward(l);
                trainer.step();
              }
            }));
          }
          // Frozen features and inference as the product computes them: streams packed (unless
          // -Ddermmgmt.inference=eager), autograd off as in the Inferer and torch_speed.py's no_grad.
          try (AutoCloseable packs = net.packForInference()) {
            print("frozen", b, timeFrozen(net, base, x, y, b, loss));
            print("inference", b, time("inference", b, () -> {
              try (NDManager m = base.newSubManager()) {
                attachStep(m, x, y);
                NoGrad.call(() -> net.forward(new ParameterStore(m, false), x, false).get(0).softmax(1).toFloatArray());
              }
            }));
          }
        }
      }
      return 0;
    }

    private double timeFrozen(FusionNet net, NDManager base, NDList x, NDList y, int b, MultiTaskLoss loss)
        throws java.io.IOException {
      try (Model head = Model.newInstance("head")) {
        head.setBlock(net.head());
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
        try (Trainer trainer = head.newTrainer(tc)) {
          trainer.initialize(new Shape(b, net.fusedSize()));
          return time("frozen", b, () -> {
            try (NDManager m = base.newSubManager()) {
              attachStep(m, x, y);
              // The frozen streams run without autograd, as torch_speed.py's under no_grad.
              NDArray fused = NoGrad.call(() -> net.fuse(new ParameterStore(m, false), x, false));
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = loss.compute(trainer.forward(new NDList(fused)), y);
                gc.backward(l);
                trainer.step();
              }
            }
          });
        }
      }
    }

    /**
     * Outputs are attached to their inputs' manager: lend the inputs to the step's manager so
     * that closing it frees everything the step made (otherwise memory grows step by step).
     */
    static void attachStep(NDManager step, NDList x, NDList y) {
      x.tempAttach(step);
      y.tempAttach(step);
    }

    double time(String mode, int batch, Runnable step) throws java.io.IOException {
      for (int i = 0; i < warmup; i++) {
        step.run();
      }
      if (profile != null) {
        // One extra, untimed step under libtorch's profiler: where the time goes, per operator.
        Files.createDirectories(profile);
        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
        step.run();
        ai.djl.pytorch.jni.JniUtils.stopProfile(profile.resolve("djl-" + mode + "-b" + batch + ".json").toString());
      }
      double[] t = new double[steps];
      double[] cpu = new double[steps];
      for (int i = 0; i < steps; i++) {
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        step.run();
        t[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (processCpuNanos() - c0) / 1e6;
      }
      Arrays.sort(t);
      Arrays.sort(cpu);
      lastCpuMs = cpu[steps / 2];
      return t[steps / 2];
    }

    /** Median process CPU time (all threads, libtorch's included) of the last timed cell. */
    private double lastCpuMs;

    /**
     * CPU time of the whole process: on a machine shared with other jobs, wall time measures the
     * scheduler as much as the code, CPU time much less so (bench/torch_speed.py reports the same).
     */
    private static long processCpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    void print(String mode, int batch, double ms) throws Exception {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("framework", "djl");
      row.put("engine", ai.djl.engine.Engine.getInstance().getEngineName() + " " + ai.djl.engine.Engine.getInstance().getVersion());
      row.put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
      row.put("interop_threads", ai.djl.pytorch.jni.JniUtils.getNumInteropThreads());
      row.put("malloc", allocator());
      row.put("backbone", backbone);
      row.put("layout", "resnet50".equals(backbone) ? MemoryLayout.name() : MemoryLayout.mobileNetName());
      row.put("mode", mode);
      if ("inference".equals(mode)) {
        PackedInference.Pointwise packing =
            Packable.pointwise(!"resnet50".equals(backbone) || ResNet50.ONEDNN_POINTWISE_CREATABLE);
        row.put("inference_path", packing == null ? "eager" : switch (packing) {
          case ONEDNN -> "packed";
          case CHECKED -> "packed, checked";
          default -> "packed, checked, 1x1 as matrix products";
        });
      }
      row.put("kernels", Kernels.current().label());
      // What --precision resolved to: the streams' arithmetic in every mode (bf16 fine-tuning is
      // mixed precision: fp32 weights and heads).
      row.put("run_precision", Precision.inference().label());
      row.put("precision", Precision.inference().label());
      row.put("batch", batch);
      row.put("size", size);
      row.put("ms_per_step", Math.round(ms * 10) / 10.0);
      row.put("cpu_ms_per_step", Math.round(lastCpuMs * 10) / 10.0);
      row.put("cases_per_s", Math.round(batch / (ms / 1000) * 100) / 100.0);
      row.put("peak_rss_mb", peakRssMb());
      System.out.println(RunDir.JSON.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(row));
    }

    /** The preloaded allocator, if any: it changes step times several-fold (see ./dermmgmt). */
    static String allocator() {
      String preload = System.getenv("LD_PRELOAD");
      if (preload == null || preload.isBlank()) {
        return "glibc";
      }
      return preload.contains("tcmalloc") ? "tcmalloc" : preload.contains("jemalloc") ? "jemalloc" : preload;
    }

    private static long peakRssMb() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
          }
        }
      } catch (Exception ignored) {
        // Not Linux: peak memory is informative only.
      }
      return -1;
    }
  }
}
