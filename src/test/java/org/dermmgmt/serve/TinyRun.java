package org.dermmgmt.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.model.backbone.resnet.TestResNetWeights;
import org.dermmgmt.model.tflite.TestWeights;

/**
 * Models trained once per test JVM on synthetic releases, in frozen-backbone mode (seconds), and
 * shared by the service tests; deleted when the JVM exits. {@link #run()} is a tiny random
 * backbone at 96x96 (3x3 last feature maps); {@link #pretrained()} uses the ImageNet MobileNetV2
 * at 224 (7x7 maps), whose features find a lesion wherever it is, and is skipped without weights.
 */
final class TinyRun {
  static final int IMAGE = 96;
  private static final int TINY_CASES = 60;
  /** Trained runs by name: each is trained once per JVM, on first use. */
  private static final Map<String, Path> TRAINED = new HashMap<>();
  private static Path dir;

  private TinyRun() {}

  static Path run() {
    return train("tiny-multi", IMAGE, TINY_CASES, List.of("--backbone", "tiny", "--image-size", String.valueOf(IMAGE)));
  }

  static Path pretrained() {
    // Fewer cases: each costs two full MobileNetV2 forwards for its features.
    return train("mnv2-multi", 160, 30, List.of("--weights", TestWeights.pathOrSkip().toString()));
  }

  /** {@link #run()} on the random one-block-per-stage ResNet (3x3 last maps at 96x96). */
  /** A mixed run: tiny_resnet (part 1, caffe input) and tiny (part 2, MobileNetV2 input) averaged. */
  static Path mixed() {
    return train("tiny-mixed-multi", IMAGE, TINY_CASES,
        List.of("--backbone", "tiny_resnet+tiny", "--image-size", String.valueOf(IMAGE)));
  }

  static Path tinyResNet() {
    return train("tiny-resnet-multi", IMAGE, TINY_CASES, List.of("--backbone", "tiny_resnet", "--image-size", String.valueOf(IMAGE)));
  }

  /** {@link #pretrained()} on the ImageNet ResNet-50 (the default backbone; 7x7 maps at 224). */
  static Path pretrainedResNet() {
    return train("resnet50-multi", 160, 30, List.of("--backbone", "resnet50", "--weights", TestResNetWeights.dirOrSkip().toString()));
  }

  /** The synthetic release {@link #run()} was trained on. */
  static Path data() {
    run();
    return dir.resolve("derm7pt-" + IMAGE + "-" + TINY_CASES);
  }

  private static synchronized Path train(String name, int imageSide, int cases, List<String> model) {
    Path done = TRAINED.get(name);
    if (done != null) {
      return done;
    }
    Path data = root().resolve("derm7pt-" + imageSide + "-" + cases);
    if (!Files.isDirectory(data)) {
      // 4:3 photos whose short side is the model's input side: they pass the quality gate's SIZE check.
      SyntheticDerm7pt.write(data, cases, (imageSide * 4 + 2) / 3, 7);
    }
    Path out = root().resolve(name);
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
        "--task", "multi", "--freeze-backbone", "--ensemble", "1", "--views", "0", "--average-last", "0"));
    args.addAll(List.of("--epochs", "8"));
    args.addAll(model);
    String previous = System.getProperty("dermmgmt.cache");
    System.setProperty("dermmgmt.cache", root().resolve("cache").toString());
    try {
      CliRun t = CliRun.of(args.toArray(String[]::new));
      if (t.exit() != 0) {
        throw new IllegalStateException("training " + name + " failed:\n" + t.all());
      }
    } finally {
      if (previous == null) {
        System.clearProperty("dermmgmt.cache");
      } else {
        System.setProperty("dermmgmt.cache", previous);
      }
    }
    TRAINED.put(name, out);
    return out;
  }

  private static Path root() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("dermmgmt-serve-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TinyRun::delete));
    }
    return dir;
  }

  private static void delete() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }
}
