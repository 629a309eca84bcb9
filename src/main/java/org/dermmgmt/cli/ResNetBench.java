package org.dermmgmt.cli;

import org.dermmgmt.infer.NoGrad;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.dermmgmt.model.backbone.resnet.ResNet50;

/**
 * {@code bench speed --backbone resnet50}: one ResNet-50 stream (default frozen batch norm) and a
 * linear 3-class head on random inputs, timed per step the way bench/torch_speed.py times
 * torchvision's ResNet-50 (made v1 with biases, batch norm in eval mode) — fine-tuning (forward,
 * backward, Adam on every parameter), frozen (features without gradients, then a head step) and
 * inference. One stream rather than the fusion model's two keeps the runs short on 2 cores; a
 * two-stream step costs about twice as much. Random weights: speed does not depend on them.
 */
final class ResNetBench {
  static final String BACKBONE = "resnet50";
  private static final int CLASSES = 3;

  private final BenchCommand.Speed options;

  ResNetBench(BenchCommand.Speed options) {
    this.options = options;
  }

  Integer run() throws Exception {
    int size = options.size;
    for (int b : options.batches) {
      ai.djl.engine.Engine.getInstance().setRandomSeed(42);
      try (Model model = Model.newInstance("bench-resnet50")) {
        ResNet50 backbone = ResNet50.builder().build();
        backbone.trainIn(org.dermmgmt.model.script.Precision.inference()); // --precision: training too
        Linear head = Linear.builder().setUnits(CLASSES).build();
        SequentialBlock net = new SequentialBlock().add(backbone).add(head);
        model.setBlock(net);
        NDManager base = model.getNDManager();
        NDList x = new NDList(base.randomNormal(new Shape(b, 3, size, size)));
        NDList y = new NDList(base.randomInteger(0, CLASSES, new Shape(b), DataType.INT32));
        Loss loss = Loss.softmaxCrossEntropyLoss();
        try (Trainer trainer = model.newTrainer(config())) {
          trainer.initialize(new Shape(b, 3, size, size));
          zeroResidualBranches(backbone);
          options.print("finetune", b, options.time("finetune", b, () -> {
            try (NDManager m = base.newSubManager(); GradientCollector gc = trainer.newGradientCollector()) {
              BenchCommand.Speed.attachStep(m, x, y);
              gc.backward(loss.evaluate(y, trainer.forward(x)));
              trainer.step();
            }
          }));
        }
        // Frozen features and inference as the product computes them: the stream packed unless
        // -Ddermmgmt.inference=eager.
        try (AutoCloseable packs = backbone.packForInference()) {
          options.print("frozen", b, timeFrozen(backbone, head, base, x, y, b, loss));
          options.print("inference", b, options.time("inference", b, () -> {
            try (NDManager m = base.newSubManager()) {
              BenchCommand.Speed.attachStep(m, x, y);
              NoGrad.call(() -> net.forward(new ParameterStore(m, false), x, false).get(0).softmax(1).toFloatArray());
            }
          }));
        }
      }
    }
    return 0;
  }

  /**
   * Random weights and batch norm on its initial statistics (mean 0, variance 1) let 16 residual
   * blocks grow the activations without bound, and a few Adam steps can then leave every pooled
   * feature dead (the frozen mode's head step then has no gradient at all). Zero gammas on the
   * last batch norm of each residual branch (Goyal et al. 2017) keep the random network tame;
   * step times do not depend on the values.
   */
  private static void zeroResidualBranches(ResNet50 backbone) {
    for (var block : backbone.blocks()) {
      var last = block.layers().get(block.layers().size() - 1);
      last.gamma().getArray().set(new float[last.outChannels()]);
    }
  }

  private double timeFrozen(ResNet50 backbone, Linear head, NDManager base, NDList x, NDList y, int b, Loss loss)
      throws java.io.IOException {
    try (Model headModel = Model.newInstance("head")) {
      headModel.setBlock(head);
      try (Trainer trainer = headModel.newTrainer(config())) {
        trainer.initialize(new Shape(b, backbone.featureSize()));
        return options.time("frozen", b, () -> {
          try (NDManager m = base.newSubManager()) {
            BenchCommand.Speed.attachStep(m, x, y);
            // The packed module's output is a libtorch inference tensor, which autograd may not
            // save: a copy, as the product's frozen mode copies features into its cache.
            NDArray features = NoGrad.call(() -> backbone.features(new ParameterStore(m, false), x.head(), false))
                .duplicate();
            try (GradientCollector gc = trainer.newGradientCollector()) {
              gc.backward(loss.evaluate(y, trainer.forward(new NDList(features))));
              trainer.step();
            }
          }
        });
      }
    }
  }

  private static DefaultTrainingConfig config() {
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
  }
}
