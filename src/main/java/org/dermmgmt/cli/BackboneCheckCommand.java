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
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.dermmgmt.model.ImageNetInput;
import org.dermmgmt.model.MobileNetV2;
import org.dermmgmt.model.backbone.weights.ResolvedWeights;
import org.dermmgmt.model.backbone.weights.WeightsLocator;
import org.dermmgmt.model.backbone.weights.WeightsSpec;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.dermmgmt.model.tflite.TfliteImporter;
import org.dermmgmt.model.tflite.TfliteModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Resolves, verifies and imports the pretrained weights; optionally classifies one photo. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Find and verify a backbone's pretrained weights, import them, optionally classify --image.")
final class BackboneCheckCommand implements Callable<Integer> {
  private static final int SIZE = 224;

  @Option(names = "--backbone", defaultValue = "mobilenet_v2",
      description = "mobilenet_v2 (default) or resnet50.")
  String backbone;

  @Option(names = "--weights", description = "The backbone's weights: the TFLite file, or ResNet-50's TF.js folder (default: --weights-dir, $DERMMGMT_WEIGHTS for MobileNetV2, $DERMMGMT_WEIGHTS_DIR, the cache, then download)")
  Path weights;

  @Option(names = "--weights-dir", paramLabel = "DIR",
      description = "A folder holding each backbone's weights under its published name (mobilenet_v2_1.0_224_quant.tflite, resnet50_imagenet_tfjs/), like shared/weights.")
  Path weightsDir;

  @Option(names = "--image", description = "A photo to classify with the ImageNet head (prints top-5)")
  Path image;

  @Option(names = "--labels", description = "ImageNet labels: MobileNetV2 1001 lines (default: imagenet_labels.txt next to the weights); ResNet-50 JSON (default: the folder's imagenet_labels.json)")
  Path labels;

  @Override
  public Integer call() {
    WeightsSpec spec = WeightsSpecs.of(backbone);
    ResolvedWeights resolved = WeightsLocator.system().find(spec, weights, weightsDir);
    if (spec.folder()) {
      return new ResNetCheck(resolved, image, labels).run();
    }
    Path file = resolved.path();
    System.out.println("weights: " + file + " (sha256 " + WeightsSpecs.MOBILENET_V2_SHA256 + " ok)");
    TfliteModel model = TfliteModel.read(file);
    System.out.println("tflite: " + model.operators().size() + " operators, "
        + model.parameterCount() + " stored values");
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = MobileNetV2.builder().optNumClasses(1001).build();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
      TfliteImporter.load(net, model);
      System.out.println("MobileNetV2 1.0 imported: " + net.parameterCount() + " parameters, "
          + net.featureSize() + " features");
      if (image != null) {
        float[] chw = ImageNetInput.chw(ImageNetInput.read(image), SIZE);
        List<String> names = labelsOrNull(file);
        try (NDManager batch = manager.newSubManager()) {
          NDArray x = batch.create(chw, new Shape(1, 3, SIZE, SIZE));
          float[] probs =
              net.forward(new ParameterStore(batch, false), new NDList(x), false)
                  .singletonOrThrow()
                  .softmax(1)
                  .toFloatArray();
          System.out.println("top-5 for " + image + ":");
          IntStream.range(0, probs.length)
              .boxed()
              .sorted((a, b) -> Float.compare(probs[b], probs[a]))
              .limit(5)
              .forEach(i -> System.out.printf("  %4d %.4f %s%n", i, probs[i],
                  names == null ? "" : names.get(i)));
        }
      }
    }
    return 0;
  }

  private List<String> labelsOrNull(Path weightsFile) {
    Path file = labels != null ? labels : weightsFile.resolveSibling("imagenet_labels.txt");
    if (labels == null && !Files.isRegularFile(file)) {
      return null; // labels are a nicety; indices still identify the classes
    }
    List<String> names = ImageNetInput.labels(file);
    if (names.size() != 1001) {
      throw new UserInputException(file + " has " + names.size() + " lines, expected 1001 labels");
    }
    return names;
  }
}
