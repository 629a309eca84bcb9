package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight resolution with fake files, a fake environment and local URLs: never the network. */
class MobileNetBackboneWeightsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private BackboneWeights weights(Map<String, String> env, URI url, String sha) {
    return new BackboneWeights(
        env::get, dir.resolve("home"), url, sha, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void flagBeatsEnvBeatsCache() throws Exception {
    Path flag = file("flag.tflite", "w");
    Path fromEnv = file("env.tflite", "w");
    String sha = Provenance.sha256(flag);
    Path cacheRoot = dir.resolve("cache");
    file("cache/weights/" + BackboneWeights.FILE_NAME, "w");
    URI unreachable = URI.create("http://127.0.0.1:9/none");

    Map<String, String> env =
        Map.of("DERMMGMT_WEIGHTS", fromEnv.toString(), "DERMMGMT_CACHE", cacheRoot.toString());
    assertThat(weights(env, unreachable, sha).find(flag)).isEqualTo(flag);
    assertThat(weights(env, unreachable, sha).find(null)).isEqualTo(fromEnv);
    Map<String, String> cacheOnly = Map.of("DERMMGMT_CACHE", cacheRoot.toString());
    assertThat(weights(cacheOnly, unreachable, sha).find(null))
        .isEqualTo(cacheRoot.resolve("weights").resolve(BackboneWeights.FILE_NAME));
  }

  @Test
  void defaultCacheIsUnderHome() {
    assertThat(weights(Map.of(), URI.create("http://127.0.0.1:9/"), "x").cachePath())
        .isEqualTo(dir.resolve("home/.cache/dermmgmt/weights/" + BackboneWeights.FILE_NAME));
  }

  @Test
  void wrongChecksumNamesBoth() throws Exception {
    Path flag = file("flag.tflite", "not the weights");
    String actual = Provenance.sha256(flag);
    assertThatThrownBy(() -> weights(Map.of(), URI.create("http://127.0.0.1:9/"), "abc123").find(flag))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(actual)
        .hasMessageContaining("expected abc123")
        .hasMessageContaining(flag.toString());
  }

  @Test
  void missingExplicitFileIsAnError() {
    Path missing = dir.resolve("missing.tflite");
    assertThatThrownBy(() -> weights(Map.of(), URI.create("http://127.0.0.1:9/"), "x").find(missing))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--weights " + missing)
        .hasMessageContaining("no such file");
  }

  @Test
  void downloadsIntoTheCacheWithChecksum() throws Exception {
    Path source = file("server/model.tflite", "pretend weights");
    String sha = Provenance.sha256(source);
    BackboneWeights w = weights(Map.of(), source.toUri(), sha);
    Path got = w.find(null);
    assertThat(got).isEqualTo(w.cachePath()).hasContent("pretend weights");
    assertThat(Files.list(got.getParent())).containsExactly(got); // no .part left behind
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("downloading").contains("100%");
  }

  @Test
  void downloadWithWrongChecksumIsRefusedAndNotCached() throws Exception {
    Path source = file("server/model.tflite", "tampered");
    BackboneWeights w = weights(Map.of(), source.toUri(), "deadbeef");
    assertThatThrownBy(() -> w.find(null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("expected deadbeef")
        .hasMessageContaining(Provenance.sha256(source));
    assertThat(w.cachePath()).doesNotExist();
    assertThat(Files.list(w.cachePath().getParent())).isEmpty();
  }

  @Test
  void offlineErrorSaysWhatToDo() {
    URI url = dir.resolve("nowhere/" + BackboneWeights.FILE_NAME).toUri();
    BackboneWeights w = weights(Map.of(), url, BackboneWeights.SHA256);
    assertThatThrownBy(() -> w.find(null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("put " + BackboneWeights.FILE_NAME + " at " + w.cachePath())
        .hasMessageContaining("--weights PATH")
        .hasMessageContaining("DERMMGMT_WEIGHTS=PATH")
        .hasMessageContaining(url.toString())
        .hasMessageContaining(BackboneWeights.SHA256)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    URI refused = URI.create("http://127.0.0.1:9/" + BackboneWeights.FILE_NAME);
    assertThatThrownBy(() -> weights(Map.of(), refused, BackboneWeights.SHA256).find(null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("cannot download");
  }
}
