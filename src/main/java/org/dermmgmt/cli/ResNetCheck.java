package org.dermmgmt.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.dermmgmt.model.ImageNetInput;
import org.dermmgmt.model.backbone.resnet.CaffePreprocessing;
import org.dermmgmt.model.backbone.resnet.ImageNetLabelsJson;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.backbone.resnet.tfjs.ResNet50Importer;
import org.dermmgmt.model.backbone.resnet.tfjs.TfjsLayersModel;
import org.dermmgmt.model.backbone.weights.ResolvedWeights;
import org.dermmgmt.model.backbone.weights.WeightFile;

/** {@code backbone check --backbone resnet50}: the verified files, the import, an optional top-5. */
final class ResNetCheck {
  private static final int SIZE = ResNet50.INPUT_SIZE;

  private final ResolvedWeights weights;
  private final Path image;
  private final Path labels;

  ResNetCheck(ResolvedWeights weights, Path image, Path labels) {
    this.weights = weights;
    this.image = image;
    this.labels = labels;
  }

  Integer run() {
    System.out.println("weights: " + weights.path() + " (" + weights.origin() + "), fingerprint "
        + weights.fingerprint());
    for (WeightFile f : weights.spec().files()) {
      boolean present = Files.isRegularFile(weights.file(f.name()));
      System.out.printf("  %s  %s %s%n", f.sha256(), f.name(), present ? "ok" : "(absent, optional)");
    }
    TfjsLayersModel model = TfjsLayersModel.read(weights.path());
    System.out.println("tfjs: " + model.layers().size() + " layers, " + model.tensors().size() + " tensors, "
        + model.parameterCount() + " stored values");
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = ResNet50.builder().optNumClasses(ImageNetLabelsJson.CLASSES).build();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
      ResNet50Importer.load(net, model);
      System.out.println("ResNet-50 imported: " + net.parameterCount() + " parameters, " + net.featureSize()
          + " features, batch norm " + net.batchNormMode().id() + " when fine-tuning");
      if (image != null) {
        float[] chw = CaffePreprocessing.fromRgbHwc(ImageNetInput.squareRgb(ImageNetInput.read(image), SIZE), SIZE, SIZE);
        List<String> names = labelsOrNull();
        NDArray x = manager.create(chw, new Shape(1, 3, SIZE, SIZE));
        float[] probs = net.forward(new ParameterStore(manager, false), new NDList(x), false)
            .singletonOrThrow().softmax(1).toFloatArray();
        System.out.println("top-5 for " + image + ":");
        IntStream.range(0, probs.length).boxed()
            .sorted((a, b) -> Float.compare(probs[b], probs[a]))
            .limit(5)
            .forEach(i -> System.out.printf("  %4d %.4f %s%n", i, probs[i], names == null ? "" : names.get(i)));
      }
    }
    return 0;
  }

  private List<String> labelsOrNull() {
    Path file = labels != null ? labels : weights.file(ImageNetLabelsJson.FILE_NAME);
    if (labels == null && !Files.isRegularFile(file)) {
      return null; // labels are a nicety; indices still identify the classes
    }
    return ImageNetLabelsJson.read(file);
  }
}
