package org.dermmgmt.model.backbone.weights;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;

/**
 * Finds a backbone's pretrained weights, in this order: {@code --weights PATH} (the backbone's
 * file or folder itself, for a command with one backbone), {@code --weights-dir DIR}, the
 * backbone's own variable ({@code $DERMMGMT_WEIGHTS} for MobileNetV2), {@code
 * $DERMMGMT_WEIGHTS_DIR}, the cache {@code ${DERMMGMT_CACHE:-~/.cache/dermmgmt}/weights/}, and
 * finally a download into the cache from the pinned URLs. A weights folder holds each backbone's
 * file or folder under its published name ({@code mobilenet_v2_1.0_224_quant.tflite}, {@code
 * resnet50_imagenet_tfjs/}), as shared/weights does.
 *
 * <p>Every file is checked against its pinned sha256. A flag or variable naming a place that lacks
 * the weights is an error, not a silent fallback: the user asked for that place. Environment, home
 * and progress stream are injectable so that tests never touch the real ones (the URLs come with
 * the {@link WeightsSpec}).
 */
public final class WeightsLocator {
  public static final String ENV_WEIGHTS_DIR = "DERMMGMT_WEIGHTS_DIR";
  public static final String ENV_CACHE = "DERMMGMT_CACHE";

  private final Function<String, String> env;
  private final Path userHome;
  private final PrintStream progress;

  public WeightsLocator(Function<String, String> env, Path userHome, PrintStream progress) {
    this.env = env;
    this.userHome = userHome;
    this.progress = progress;
  }

  /** The real environment and home; progress on stderr. */
  public static WeightsLocator system() {
    return new WeightsLocator(System::getenv, Path.of(System.getProperty("user.home")), System.err);
  }

  /** The cache's weights folder (itself a weights folder). */
  public Path cacheRoot() {
    String cache = env.apply(ENV_CACHE);
    Path root = cache != null && !cache.isBlank() ? Path.of(cache) : userHome.resolve(".cache/dermmgmt");
    return root.resolve("weights");
  }

  /**
   * Resolves (downloading if needed) the weights of {@code spec}; {@code weightsFlag} is the
   * --weights value and {@code weightsDirFlag} the --weights-dir value, each null when not given.
   */
  public ResolvedWeights find(WeightsSpec spec, Path weightsFlag, Path weightsDirFlag) {
    if (weightsFlag != null) {
      return verified(spec, weightsFlag, "--weights " + weightsFlag);
    }
    if (weightsDirFlag != null) {
      return verified(spec, spec.within(weightsDirFlag), "--weights-dir " + weightsDirFlag);
    }
    String own = spec.envVariable() == null ? null : env.apply(spec.envVariable());
    if (own != null && !own.isBlank()) {
      return verified(spec, Path.of(own), spec.envVariable() + "=" + own);
    }
    String dir = env.apply(ENV_WEIGHTS_DIR);
    if (dir != null && !dir.isBlank()) {
      return verified(spec, spec.within(Path.of(dir)), ENV_WEIGHTS_DIR + "=" + dir);
    }
    Path cached = spec.within(cacheRoot());
    try {
      if (spec.folder()) {
        // A folder fills up file by file: fetch only what is missing (checked files are kept).
        for (WeightFile f : spec.files()) {
          if (!Files.isRegularFile(cached.resolve(f.name()))) {
            VerifiedDownload.fetch(f.url(), f.sha256(), cached.resolve(f.name()), progress);
          }
        }
      } else if (!Files.isRegularFile(cached)) {
        WeightFile f = spec.files().get(0);
        VerifiedDownload.fetch(f.url(), f.sha256(), cached, progress);
      }
    } catch (IOException e) {
      throw new UserInputException(offline(spec, cached, e), e);
    }
    return verified(spec, cached, "cached weights " + cached);
  }

  private String offline(WeightsSpec spec, Path cached, IOException e) {
    String flags = spec.envVariable() == null
        ? "pass --weights-dir DIR holding " + spec.publishedName() + "/ (or --weights " + spec.publishedName()
            + "/), or set " + ENV_WEIGHTS_DIR + "=DIR"
        : "pass --weights PATH or --weights-dir DIR, or set " + spec.envVariable() + "=PATH or "
            + ENV_WEIGHTS_DIR + "=DIR";
    String what = spec.folder()
        ? "put the folder " + spec.publishedName() + "/ (" + spec.describeFiles() + ") at " + cached
        : "put " + spec.publishedName() + " at " + cached;
    String from = spec.folder()
        ? "the files are at " + spec.source() + " (sha256 of each pinned in dermmgmt; `dermmgmt backbone check` lists them)"
        : "the file is " + spec.source() + " (sha256 " + spec.files().get(0).sha256() + ")";
    return "cannot download " + spec.title() + " (" + e + "): " + what + ", or " + flags + "; " + from;
  }

  private ResolvedWeights verified(WeightsSpec spec, Path location, String origin) {
    if (!spec.folder()) {
      WeightFile f = spec.files().get(0);
      if (!Files.isRegularFile(location)) {
        throw new UserInputException(origin + ": no such file " + location + " (expected " + f.name()
            + ", sha256 " + f.sha256() + ", from " + f.url() + ")");
      }
      check(spec, f, location, origin);
      return new ResolvedWeights(spec, location, origin);
    }
    Path dir = Files.isRegularFile(location) && location.getFileName().toString().equals("model.json")
        ? location.toAbsolutePath().getParent()
        : location;
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(origin + ": no such folder " + dir + " (expected " + spec.publishedName()
          + "/ with " + spec.describeFiles() + ", from " + spec.source() + ")");
    }
    for (WeightFile f : spec.files()) {
      Path p = dir.resolve(f.name());
      if (Files.isRegularFile(p)) {
        check(spec, f, p, origin);
      } else if (f.required()) {
        throw new UserInputException(origin + ": missing " + p + " (" + spec.title() + ": "
            + spec.publishedName() + "/ with " + spec.describeFiles() + ", from " + spec.source() + ")");
      }
    }
    return new ResolvedWeights(spec, dir, origin);
  }

  private static void check(WeightsSpec spec, WeightFile f, Path file, String origin) {
    String actual = Provenance.sha256(file);
    if (!actual.equals(f.sha256())) {
      throw new UserInputException(origin + ": " + file + " has sha256 " + actual + ", expected "
          + f.sha256() + " (" + f.name() + " of " + spec.title() + " from " + f.url() + ")");
    }
  }
}
