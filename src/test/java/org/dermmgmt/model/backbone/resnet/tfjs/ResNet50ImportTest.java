package org.dermmgmt.model.backbone.resnet.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.ImageNetInput;
import org.dermmgmt.model.backbone.resnet.Bottleneck;
import org.dermmgmt.model.backbone.resnet.CaffePreprocessing;
import org.dermmgmt.model.backbone.resnet.ImageNetLabelsJson;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.backbone.resnet.TestResNetWeights;
import org.dermmgmt.model.backbone.resnet.tfjs.ReferenceResNet.Map;
import org.dermmgmt.model.script.GradModeOff;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance test of the ResNet-50 import on the real TF.js weights (skipped without them). */
class ResNet50ImportTest {
  private static final int SIZE = 224;
  private static Path dir;
  private static TfjsLayersModel model;
  private static List<String> labels;

  @BeforeAll
  static void readWeights() {
    dir = TestResNetWeights.dirOrSkip();
    model = TfjsLayersModel.read(dir);
    labels = ImageNetLabelsJson.read(dir.resolve(ImageNetLabelsJson.FILE_NAME));
  }

  /** Caffe-preprocessed CHW of the photo's centre square, as the import check prepares it. */
  static float[] chw(Path photo) {
    float[] rgb = ImageNetInput.squareRgb(ImageNetInput.read(photo), SIZE);
    return CaffePreprocessing.fromRgbHwc(rgb, SIZE, SIZE);
  }

  private static ResNet50 loaded(NDManager manager, int numClasses) {
    ResNet50 net = ResNet50.builder().optNumClasses(numClasses).build();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
    ResNet50Importer.load(net, model);
    return net;
  }

  private static int[] top(float[] probs, int k) {
    return IntStream.range(0, probs.length).boxed()
        .sorted(Comparator.comparingDouble(i -> -probs[i])).limit(k).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void classifiesTheDarknetPhotos() {
    Path dog = TestResNetWeights.photoOrSkip("dog.jpg");
    Path eagle = TestResNetWeights.photoOrSkip("eagle.jpg");
    float[] both = new float[2 * 3 * SIZE * SIZE];
    System.arraycopy(chw(dog), 0, both, 0, both.length / 2);
    System.arraycopy(chw(eagle), 0, both, both.length / 2, both.length / 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = loaded(manager, 1000);
      NDArray x = manager.create(both, new Shape(2, 3, SIZE, SIZE));
      NDArray probs = net.forward(new ParameterStore(manager, false), new NDList(x), false)
          .singletonOrThrow().softmax(1);
      float[] dogProbs = probs.get(0).toFloatArray();
      float[] eagleProbs = probs.get(1).toFloatArray();
      for (int i : top(dogProbs, 3)) {
        System.out.printf("dog.jpg   %4d %.4f %s%n", i, dogProbs[i], labels.get(i));
      }
      for (int i : top(eagleProbs, 3)) {
        System.out.printf("eagle.jpg %4d %.4f %s%n", i, eagleProbs[i], labels.get(i));
      }
      // Independent reference: the same network in PyTorch 1.13 functional ops on the raw
      // shards, fed the same input (centre square, half-pixel bilinear without antialiasing =
      // tf.image.resize): malamute 0.8591 / Eskimo dog 0.0797, bald eagle 0.7900 / kite 0.1901.
      // shared/README.md's 0.55 / 0.67 are for PIL's antialiased bilinear resize, which the same
      // reference reproduces (0.5456 / 0.6667); the class ranking is the same either way.
      int dogTop = top(dogProbs, 1)[0];
      assertThat(labels.get(dogTop)).as("top-1 of dog.jpg").isEqualTo("malamute");
      assertThat(dogProbs[dogTop]).isCloseTo(0.8591f, within(0.002f));
      assertThat(labels.get(top(dogProbs, 2)[1])).isEqualTo("Eskimo_dog");
      assertThat(dogProbs[top(dogProbs, 2)[1]]).isCloseTo(0.0797f, within(0.002f));
      int eagleTop = top(eagleProbs, 1)[0];
      assertThat(labels.get(eagleTop)).as("top-1 of eagle.jpg").isEqualTo("bald_eagle");
      assertThat(eagleProbs[eagleTop]).isCloseTo(0.7900f, within(0.002f));
      assertThat(labels.get(top(eagleProbs, 2)[1])).isEqualTo("kite");
    }
  }

  /**
   * The packed bf16 path (CPUs with native bf16) classifies the photos as fp32 does, its
   * probabilities within bf16's rounding of the reference's.
   */
  @Test
  void packedBf16ClassifiesAsFp32Does() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16");
    Path dog = TestResNetWeights.photoOrSkip("dog.jpg");
    Path eagle = TestResNetWeights.photoOrSkip("eagle.jpg");
    float[] both = new float[2 * 3 * SIZE * SIZE];
    System.arraycopy(chw(dog), 0, both, 0, both.length / 2);
    System.arraycopy(chw(eagle), 0, both, both.length / 2, both.length / 2);
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = loaded(manager, 1000);
      NDArray x = manager.create(both, new Shape(2, 3, SIZE, SIZE));
      try (AutoCloseable packs = net.packForInference(Precision.BF16)) {
        NDArray probs = net.forward(new ParameterStore(manager, false), new NDList(x), false)
            .singletonOrThrow().softmax(1);
        float[] dogProbs = probs.get(0).toFloatArray();
        float[] eagleProbs = probs.get(1).toFloatArray();
        System.out.printf("bf16: malamute %.4f, bald eagle %.4f%n", dogProbs[top(dogProbs, 1)[0]],
            eagleProbs[top(eagleProbs, 1)[0]]);
        assertThat(labels.get(top(dogProbs, 1)[0])).isEqualTo("malamute");
        assertThat(dogProbs[top(dogProbs, 1)[0]]).isCloseTo(0.8591f, within(0.02f));
        assertThat(labels.get(top(eagleProbs, 1)[0])).isEqualTo("bald_eagle");
        assertThat(eagleProbs[top(eagleProbs, 1)[0]]).isCloseTo(0.7900f, within(0.02f));
      }
    }
  }

  /** (N=1, C, H, W) to HWC. */
  private static Map hwc(NDArray x) {
    Shape s = x.getShape();
    int c = (int) s.get(1);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] v = x.transpose(0, 2, 3, 1).toFloatArray();
    return new Map(h, w, c, v);
  }

  /** max |a - b| relative to the reference's largest magnitude (at least 1). */
  private static double relativeError(Map actual, Map expected) {
    assertThat(new int[] {actual.h(), actual.w(), actual.c()})
        .containsExactly(expected.h(), expected.w(), expected.c());
    double worst = 0;
    double scale = 1;
    for (int i = 0; i < expected.v().length; i++) {
      worst = Math.max(worst, Math.abs(actual.v()[i] - expected.v()[i]));
      scale = Math.max(scale, Math.abs(expected.v()[i]));
    }
    return worst / scale;
  }

  private static void agrees(String what, Map actual, Map expected) {
    double error = relativeError(actual, expected);
    System.out.printf("%s: max |DJL - reference| / max |reference| = %.2e%n", what, error);
    assertThat(error).as(what).isLessThan(1e-4);
  }

  /**
   * Each stage of the DJL block against the plain-Java reference on the same input: the stem
   * (conv, BN, ReLU; also in training mode, where frozen BN must still use the running
   * statistics), the zero-pad max-pool, res2a (projection shortcut, stride 1) and res3a (v1: stride
   * 2 on branch2a and branch1).
   */
  @Test
  void matchesAPlainJavaReference() {
    Path eagle = TestResNetWeights.photoOrSkip("eagle.jpg");
    ReferenceResNet ref = new ReferenceResNet(model);
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = loaded(manager, 0);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray image = manager.create(chw(eagle), new Shape(1, 3, SIZE, SIZE));
      Map imageHwc = hwc(image);

      NDArray stem = net.stem().forward(ps, new NDList(image), false).singletonOrThrow();
      Map expectedStem = ref.stem(imageHwc);
      agrees("stem", hwc(stem), expectedStem);
      NDArray stemTraining = net.stem().forward(new ParameterStore(manager, true), new NDList(image), true)
          .singletonOrThrow();
      agrees("stem, training mode", hwc(stemTraining), expectedStem);

      NDArray pooled = ResNet50.maxPool(stem);
      assertThat(relativeError(hwc(pooled), ReferenceResNet.zeroPadMaxPool(hwc(stem)))).as("pool").isZero();

      List<Bottleneck> blocks = net.blocks();
      NDArray res2a = blocks.get(0).forward(ps, new NDList(pooled), false).singletonOrThrow();
      Map expected2a = ref.bottleneck(hwc(pooled), 2, 'a', 1, true);
      agrees("res2a", hwc(res2a), expected2a);

      NDArray x = res2a;
      for (int i = 1; i < 3; i++) {
        x = blocks.get(i).forward(ps, new NDList(x), false).singletonOrThrow();
      }
      assertThat(blocks.get(3).name()).isEqualTo("res3a");
      NDArray res3a = blocks.get(3).forward(ps, new NDList(x), false).singletonOrThrow();
      Map expected3a = ref.bottleneck(hwc(x), 3, 'a', 2, true);
      assertThat(res3a.getShape()).isEqualTo(new Shape(1, 512, 28, 28));
      agrees("res3a", hwc(res3a), expected3a);

      // The channels-last path the network really runs agrees with the NCHW one.
      NDArray lastStem = net.stem().forward(ps, new NDList(org.dermmgmt.model.MemoryLayout.channelsLast(image)), false).singletonOrThrow();
      agrees("stem, channels-last", hwc(lastStem), expectedStem);
    }
  }

  @Test
  void headlessFeaturesEqualTheClassifierNetsFeatures() {
    Path dog = TestResNetWeights.photoOrSkip("dog.jpg");
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 headless = loaded(manager, 0);
      ResNet50 full = loaded(manager, 1000);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(chw(dog), new Shape(1, 3, SIZE, SIZE));
      float[] f1 = headless.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] f2 = full.features(ps, x, false).toFloatArray();
      assertThat(f1).hasSize(2048).containsExactly(f2);
      assertThat(headless.parameterCount()).isEqualTo(model.parameterCount() - 2048 * 1000 - 1000);
      assertThat(full.parameterCount()).isEqualTo(model.parameterCount()).isEqualTo(25_636_712L);
    }
  }

  @Test
  void refusesABlockOfAnotherShape() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 tiny = ResNet50.tiny().build();
      tiny.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      assertThatThrownBy(() -> ResNet50Importer.load(tiny, model))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("53 Conv2D layers, the block 17");
      ResNet50 narrow = ResNet50.builder().optBaseWidth(32).build();
      narrow.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      assertThatThrownBy(() -> ResNet50Importer.load(narrow, model))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer conv1")
          .hasMessageContaining("expected kernel [7, 7, 3, 32]")
          .hasMessageContaining("[7, 7, 3, 64]");
      ResNet50 tenClasses = ResNet50.builder().optNumClasses(10).build();
      tenClasses.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      assertThatThrownBy(() -> ResNet50Importer.load(tenClasses, model))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer fc1000");
    }
  }
}
