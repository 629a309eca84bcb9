package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dermmgmt.Provenance;
import org.junit.jupiter.api.Test;

/**
 * {@code dermmgmt serve} as its own process: one log line on start (address, model, config hash),
 * requests answered, and SIGTERM drains and stops it (the last line says so).
 */
class ServeProcessTest {
  static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:(\\d+)) model=(\\S+) config_sha256=(\\w+)");

  @Test
  void startsWithOneLogLineAndStopsOnSigterm() throws Exception {
    Path run = TinyRun.run();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.default_engine=PyTorch",
        "-cp", System.getProperty("java.class.path"), "org.dermmgmt.cli.Main",
        "serve", "--model", run.toString(), "--port", "0");
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Matcher> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          Matcher m = SERVING.matcher(line);
          if (m.find()) {
            started.complete(m);
          }
        }
      } catch (java.io.IOException ignored) {
        // The process ended.
      }
      started.completeExceptionally(new IllegalStateException("serve ended before listening: " + lines));
    });
    reader.start();
    try {
      Matcher m = started.get(120, TimeUnit.SECONDS);
      assertThat(m.group(3)).isEqualTo("tiny-multi");
      assertThat(m.group(4)).isEqualTo(Provenance.sha256(run.resolve("config.json")));
      String url = m.group(1);
      assertThat(Http.get(url + "/health").json().get("modelLoaded").asBoolean()).isTrue();
      byte[] jpeg = TestImages.jpeg(TestImages.numbered(9));
      assertThat(Http.post(url + "/api/v1/predict", new Http.Form().jpeg("clinic", jpeg).jpeg("derm", jpeg)
          .meta("female", "chest", "flat")).status()).isEqualTo(200);

      // SIGTERM through the handle: Process.destroy() would also close our end of its stderr.
      assertThat(p.toHandle().destroy()).isTrue();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      synchronized (lines) {
        assertThat(lines.stream().filter(l -> l.contains("serving http")).count()).isEqualTo(1);
        List<String> text = lines.stream().filter(l -> !l.isBlank()).toList();
        assertThat(text.get(text.size() - 1)).as(String.join("\n", text)).contains("stopped " + url);
        assertThat(String.join("\n", lines)).doesNotContain("Exception");
      }
      // 143 = terminated by SIGTERM, after the shutdown hook drained the service.
      assertThat(p.exitValue()).isIn(0, 143);
    } finally {
      p.destroyForcibly();
    }
  }
}
