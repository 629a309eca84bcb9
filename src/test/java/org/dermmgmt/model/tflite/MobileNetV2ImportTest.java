package org.dermmgmt.model.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.ImageNetInput;
import org.dermmgmt.model.MobileNetV2;
import org.dermmgmt.model.script.GradModeOff;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance test of the import: the dequantised network must classify real photos. */
class MobileNetV2ImportTest {
  private static final Path PHOTOS = Path.of("/usr/share/darknet/data");
  /** ImageNet dog breeds are classes 151..268; this file has background at 0, hence +1. */
  private static final int FIRST_DOG = 152;
  private static final int LAST_DOG = 269;

  private static Path weights;
  private static TfliteModel model;
  private static List<String> labels;

  @BeforeAll
  static void readWeights() {
    weights = TestWeights.pathOrSkip();
    model = TfliteModel.read(weights);
    labels = ImageNetInput.labels(TestWeights.labels(weights));
    assertThat(labels).hasSize(1001);
  }

  private static Path photo(String name) {
    Path p = PHOTOS.resolve(name);
    if (!Files.isRegularFile(p)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but the darknet sample photo is missing: " + p);
      }
      Assumptions.abort("darknet sample photo absent (apt-get install darknet): " + p);
    }
    return p;
  }

  private static NDArray input(NDManager manager, Path... photos) {
    float[] all = new float[photos.length * 3 * 224 * 224];
    for (int i = 0; i < photos.length; i++) {
      float[] chw = ImageNetInput.chw(ImageNetInput.read(photos[i]), 224);
      System.arraycopy(chw, 0, all, i * chw.length, chw.length);
    }
    return manager.create(all, new Shape(photos.length, 3, 224, 224));
  }

  private static MobileNetV2 loaded(NDManager manager, int numClasses) {
    MobileNetV2 net = MobileNetV2.builder().optNumClasses(numClasses).build();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
    TfliteImporter.load(net, model);
    return net;
  }

  private static int[] top(float[] probs, int k) {
    return IntStream.range(0, probs.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> -probs[i]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static void print(String photo, float[] probs) {
    System.out.println("top-5 for " + photo + ":");
    for (int i : top(probs, 5)) {
      System.out.printf("  %4d %.4f %s%n", i, probs[i], labels.get(i));
    }
  }

  @Test
  void classifiesTheDarknetPhotos() {
    Path dog = photo("dog.jpg");
    Path eagle = photo("eagle.jpg");
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = loaded(manager, 1001);
      try (NDManager batch = manager.newSubManager()) {
        NDArray logits =
            net.forward(new ParameterStore(batch, false), new NDList(input(batch, dog, eagle)), false)
                .singletonOrThrow();
        NDArray probs = logits.softmax(1);
        float[] dogProbs = probs.get(0).toFloatArray();
        float[] eagleProbs = probs.get(1).toFloatArray();
        print("dog.jpg", dogProbs);
        print("eagle.jpg", eagleProbs);

        // Independent reference (TensorFlow 2.21 float ops on the dequantised weights, same input:
        // centre square, tf.image.resize bilinear): malamute 0.743 / Eskimo dog 0.048 and
        // bald eagle 0.743 / kite 0.210; the uint8 TFLite interpreter gives 0.758 and 0.715.
        int dogTop = top(dogProbs, 1)[0];
        assertThat(labels.get(dogTop)).as("top-1 of dog.jpg").startsWith("malamute");
        assertThat(dogTop).isBetween(FIRST_DOG, LAST_DOG);
        assertThat(dogProbs[dogTop]).isGreaterThan(0.5f).isCloseTo(0.743f, within(0.01f));
        int eagleTop = top(eagleProbs, 1)[0];
        assertThat(labels.get(eagleTop)).as("top-1 of eagle.jpg").startsWith("bald eagle");
        assertThat(eagleProbs[eagleTop]).isGreaterThan(0.5f).isCloseTo(0.743f, within(0.01f));
      }
    }
  }

  /**
   * The packed bf16 path (CPUs with native bf16) classifies the photos as fp32 does, within bf16's
   * rounding of the float reference.
   */
  @Test
  void packedBf16ClassifiesAsFp32Does() throws Exception {
    Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16");
    Path dog = photo("dog.jpg");
    Path eagle = photo("eagle.jpg");
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = loaded(manager, 1001);
      try (AutoCloseable packs = net.packForInference(Precision.BF16); NDManager batch = manager.newSubManager()) {
        NDArray probs = net.forward(new ParameterStore(batch, false), new NDList(input(batch, dog, eagle)), false)
            .singletonOrThrow().softmax(1);
        float[] dogProbs = probs.get(0).toFloatArray();
        float[] eagleProbs = probs.get(1).toFloatArray();
        print("dog.jpg (bf16)", dogProbs);
        print("eagle.jpg (bf16)", eagleProbs);
        assertThat(labels.get(top(dogProbs, 1)[0])).startsWith("malamute");
        assertThat(dogProbs[top(dogProbs, 1)[0]]).isCloseTo(0.743f, within(0.02f));
        assertThat(labels.get(top(eagleProbs, 1)[0])).startsWith("bald eagle");
        assertThat(eagleProbs[top(eagleProbs, 1)[0]]).isCloseTo(0.743f, within(0.02f));
      }
    }
  }

  /** The block must compute what the graph says, checked against a naive NHWC interpreter. */
  @Test
  void matchesANaiveInterpreterOfTheGraph() {
    Path eagle = photo("eagle.jpg");
    float[] chw = ImageNetInput.chw(ImageNetInput.read(eagle), 224);
    int plane = 224 * 224;
    float[] nhwc = new float[chw.length];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        nhwc[i * 3 + c] = chw[c * plane + i];
      }
    }
    TfliteOperator softmax = model.operators().get(model.operators().size() - 1);
    TfliteOperator classifier = model.operators().get(model.operators().size() - 3);
    var values = new ReferenceInterpreter(model).run(nhwc);
    float[] expectedLogits = values.get(classifier.outputs()[0]);
    float[] expectedProbs = values.get(softmax.outputs()[0]);
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = loaded(manager, 1001);
      try (NDManager batch = manager.newSubManager()) {
        NDArray x = batch.create(chw, new Shape(1, 3, 224, 224));
        NDArray logits =
            net.forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow();
        assertThat(logits.toFloatArray())
            .containsExactly(expectedLogits, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(logits.softmax(1).toFloatArray())
            .containsExactly(expectedProbs, org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void featuresAreReproducibleAndMatchTheClassifierBlock() {
    Path dog = photo("dog.jpg");
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 headless1 = loaded(manager, 0);
      MobileNetV2 headless2 = MobileNetV2.builder().build();
      headless2.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      TfliteImporter.load(headless2, TfliteModel.read(weights));
      MobileNetV2 withClassifier = loaded(manager, 1001);
      try (NDManager batch = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(batch, false);
        NDArray x = input(batch, dog);
        float[] f1 = headless1.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] f2 = headless2.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] f3 = withClassifier.features(ps, x, false).toFloatArray();
        assertThat(f1).hasSize(1280);
        assertThat(f2).containsExactly(f1);
        assertThat(f3).containsExactly(f1);
      }
    }
  }

  @Test
  void refusesABlockOfAnotherShape() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 narrow = MobileNetV2.builder().optWidthMultiplier(0.5f).build();
      narrow.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      assertThatThrownBy(() -> TfliteImporter.load(narrow, model))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer stem")
          .hasMessageContaining("expected weight (16, 3, 3, 3)")
          .hasMessageContaining("(32, 3, 3, 3)");

      MobileNetV2 tenClasses = MobileNetV2.builder().optNumClasses(10).build();
      tenClasses.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      assertThatThrownBy(() -> TfliteImporter.load(tenClasses, model))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer classifier");
    }
  }

  /** Imported values are ordinary parameters: gradients flow into them. */
  @Test
  void importedWeightsStayTrainable() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = loaded(manager, 0);
      net.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
      NDArray stem = net.layers().get(0).weight().getArray();
      try (NDManager batch = manager.newSubManager();
          ai.djl.training.GradientCollector collector =
              ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray x = batch.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
        NDArray loss = net.forward(new ParameterStore(batch, true), new NDList(x), true)
            .singletonOrThrow().sum();
        collector.backward(loss);
        assertThat(stem.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
      }
    }
  }

  /** Rough CPU cost of the backbone, for the fine-tuning budget (printed, not asserted). */
  @Test
  void timesAHeadlessBatchOfEight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = loaded(manager, 0);
      try (NDManager batch = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(batch, false);
        NDArray x = batch.randomUniform(-1, 1, new Shape(8, 3, 224, 224));
        net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(); // warm-up
        int runs = 5;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          try (NDManager step = batch.newSubManager()) {
            new NDList(net.forward(new ParameterStore(step, false), new NDList(x), false)
                    .singletonOrThrow()).head().toFloatArray();
          }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / runs;
        System.out.printf("MobileNetV2 headless forward, batch 8 @224: %.1f ms (%d threads avail)%n",
            ms, Runtime.getRuntime().availableProcessors());
      }
    }
  }
}
