package org.dermmgmt.model.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight resolution for several backbones with fake files, environment and file: URLs: never the network. */
class WeightsLocatorTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private WeightsLocator locator(Map<String, String> env) {
    return new WeightsLocator(env::get, dir.resolve("home"), new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  /** A single-file spec like MobileNetV2's, with its own variable FAKE_WEIGHTS. */
  private WeightsSpec single(String content, URI url) throws Exception {
    String sha = Provenance.sha256(file("sha-source.bin", content));
    return new WeightsSpec("fake", "fake.tflite", false, List.of(new WeightFile("fake.tflite", sha, url, true)),
        "FAKE_WEIGHTS", "the fake weights", url.toString());
  }

  /** A folder spec like ResNet-50's: two required files and an optional one, served from server/. */
  private WeightsSpec folder() throws Exception {
    Path server = dir.resolve("server");
    List<WeightFile> files = List.of(
        served(server, "model.json", "{}", true),
        served(server, "group1-shard1of1.bin", "0123", true),
        served(server, "labels.json", "{\"0\": \"a\"}", false));
    return new WeightsSpec("fakenet", "fakenet_tfjs", true, files, null, "the fake folder weights",
        server.toUri().toString());
  }

  private WeightFile served(Path server, String name, String content, boolean required) throws Exception {
    Path p = server.resolve(name);
    Files.createDirectories(server);
    Files.writeString(p, content);
    return new WeightFile(name, Provenance.sha256(p), p.toUri(), required);
  }

  /** Copies the served files into {@code target}/fakenet_tfjs (a weights folder). */
  private Path weightsFolder(String target, WeightsSpec spec, String... skip) throws Exception {
    Path root = dir.resolve(target);
    Path folder = spec.within(root);
    Files.createDirectories(folder);
    for (WeightFile f : spec.files()) {
      if (!List.of(skip).contains(f.name())) {
        Files.copy(Path.of(f.url()), folder.resolve(f.name()));
      }
    }
    return root;
  }

  @Test
  void flagBeatsWeightsDirBeatsOwnVariableBeatsDirVariableBeatsCache() throws Exception {
    URI unreachable = URI.create("http://127.0.0.1:9/none");
    WeightsSpec spec = single("w", unreachable);
    Path flag = file("flag/fake.tflite", "w");
    Path flagDir = file("flagdir/fake.tflite", "w").getParent();
    Path own = file("own/fake.tflite", "w");
    Path envDir = file("envdir/fake.tflite", "w").getParent();
    Path cacheRoot = dir.resolve("cache");
    file("cache/weights/fake.tflite", "w");
    Map<String, String> env = Map.of("FAKE_WEIGHTS", own.toString(), "DERMMGMT_WEIGHTS_DIR", envDir.toString(),
        "DERMMGMT_CACHE", cacheRoot.toString());
    assertThat(locator(env).find(spec, flag, flagDir).path()).isEqualTo(flag);
    ResolvedWeights viaDir = locator(env).find(spec, null, flagDir);
    assertThat(viaDir.path()).isEqualTo(flagDir.resolve("fake.tflite"));
    assertThat(viaDir.origin()).isEqualTo("--weights-dir " + flagDir);
    assertThat(locator(env).find(spec, null, null).path()).isEqualTo(own);
    Map<String, String> noOwn = Map.of("DERMMGMT_WEIGHTS_DIR", envDir.toString(), "DERMMGMT_CACHE", cacheRoot.toString());
    assertThat(locator(noOwn).find(spec, null, null).path()).isEqualTo(envDir.resolve("fake.tflite"));
    ResolvedWeights cached = locator(Map.of("DERMMGMT_CACHE", cacheRoot.toString())).find(spec, null, null);
    assertThat(cached.path()).isEqualTo(cacheRoot.resolve("weights/fake.tflite"));
    assertThat(cached.fingerprint()).isEqualTo(spec.files().get(0).sha256());
    assertThat(locator(Map.of()).cacheRoot()).isEqualTo(dir.resolve("home/.cache/dermmgmt/weights"));
  }

  @Test
  void weightsDirLackingTheBackboneIsAnErrorNotAFallback() throws Exception {
    WeightsSpec spec = single("w", URI.create("http://127.0.0.1:9/none"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    file("cache/weights/fake.tflite", "w");
    assertThatThrownBy(() -> locator(Map.of("DERMMGMT_CACHE", dir.resolve("cache").toString())).find(spec, null, empty))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--weights-dir " + empty + ": no such file " + empty.resolve("fake.tflite"))
        .hasMessageContaining(spec.files().get(0).sha256());
  }

  @Test
  void folderSpecIsFoundAndEveryFileChecked() throws Exception {
    WeightsSpec spec = folder();
    Path root = weightsFolder("weights", spec, "labels.json"); // the optional file may be absent
    ResolvedWeights found = locator(Map.of()).find(spec, null, root);
    assertThat(found.path()).isEqualTo(root.resolve("fakenet_tfjs"));
    assertThat(found.file("model.json")).isEqualTo(root.resolve("fakenet_tfjs/model.json"));
    // --weights may name the folder or its model.json.
    assertThat(locator(Map.of()).find(spec, root.resolve("fakenet_tfjs/model.json"), null).path())
        .isEqualTo(root.resolve("fakenet_tfjs").toAbsolutePath());
    assertThat(locator(Map.of("DERMMGMT_WEIGHTS_DIR", root.toString())).find(spec, null, null).origin())
        .isEqualTo("DERMMGMT_WEIGHTS_DIR=" + root);

    Files.delete(root.resolve("fakenet_tfjs/group1-shard1of1.bin"));
    assertThatThrownBy(() -> locator(Map.of()).find(spec, null, root))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--weights-dir " + root + ": missing " + root.resolve("fakenet_tfjs/group1-shard1of1.bin"))
        .hasMessageContaining("fakenet_tfjs/ with model.json, group1-shard1of1.bin");
    Files.writeString(root.resolve("fakenet_tfjs/group1-shard1of1.bin"), "tampered");
    Files.writeString(root.resolve("fakenet_tfjs/labels.json"), "{}");
    assertThatThrownBy(() -> locator(Map.of()).find(spec, null, root))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("group1-shard1of1.bin has sha256 " + Provenance.sha256(root.resolve("fakenet_tfjs/group1-shard1of1.bin")))
        .hasMessageContaining("expected " + spec.files().get(1).sha256());
  }

  @Test
  void folderDownloadsIntoTheCacheFileByFile() throws Exception {
    WeightsSpec spec = folder();
    WeightsLocator locator = locator(Map.of());
    Path cacheFolder = spec.within(locator.cacheRoot());
    // A previous run left one verified file: only the other two are fetched.
    Files.createDirectories(cacheFolder);
    Files.copy(Path.of(spec.files().get(0).url()), cacheFolder.resolve("model.json"));
    ResolvedWeights got = locator.find(spec, null, null);
    assertThat(got.path()).isEqualTo(cacheFolder);
    assertThat(got.origin()).startsWith("cached weights");
    try (var listing = Files.list(cacheFolder)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("model.json", "group1-shard1of1.bin", "labels.json"); // no .part left
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.startsWith("downloading"))).hasSize(2);
    assertThat(text).doesNotContain("model.json to");
  }

  @Test
  void tamperedDownloadIsRefusedAndNotInstalled() throws Exception {
    WeightsSpec good = folder();
    List<WeightFile> files = List.of(good.files().get(0),
        new WeightFile("group1-shard1of1.bin", "deadbeef", good.files().get(1).url(), true));
    WeightsSpec spec = new WeightsSpec("fakenet", "fakenet_tfjs", true, files, null, "the fake", good.source());
    WeightsLocator locator = locator(Map.of());
    assertThatThrownBy(() -> locator.find(spec, null, null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("expected deadbeef");
    try (var listing = Files.list(spec.within(locator.cacheRoot()))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("model.json");
    }
  }

  @Test
  void offlineErrorSaysWhatToPutWhere() throws Exception {
    WeightsSpec served = folder();
    List<WeightFile> unreachable = served.files().stream()
        .map(f -> new WeightFile(f.name(), f.sha256(), URI.create("http://127.0.0.1:9/" + f.name()), f.required()))
        .toList();
    WeightsSpec spec = new WeightsSpec("fakenet", "fakenet_tfjs", true, unreachable, null, "the fake folder weights",
        "http://127.0.0.1:9/");
    WeightsLocator locator = locator(Map.of());
    assertThatThrownBy(() -> locator.find(spec, null, null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("cannot download the fake folder weights")
        .hasMessageContaining("put the folder fakenet_tfjs/ (model.json, group1-shard1of1.bin) at "
            + spec.within(locator.cacheRoot()))
        .hasMessageContaining("--weights-dir DIR holding fakenet_tfjs/")
        .hasMessageContaining("DERMMGMT_WEIGHTS_DIR=DIR")
        .hasMessageContaining("http://127.0.0.1:9/")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    WeightsSpec file = single("w", URI.create("http://127.0.0.1:9/fake.tflite"));
    assertThatThrownBy(() -> locator.find(file, null, null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("put fake.tflite at " + locator.cacheRoot().resolve("fake.tflite"))
        .hasMessageContaining("--weights PATH or --weights-dir DIR")
        .hasMessageContaining("FAKE_WEIGHTS=PATH")
        .hasMessageContaining("sha256 " + file.files().get(0).sha256());
  }
}
