package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.dermmgmt.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  static final ModelIdentity MODEL = new ModelIdentity("multi", "c0ffee", null, "multi", "0.1.0", "fp32");
  static final String SHA = "a".repeat(64);

  static AuditEntry entry(String caseId) {
    QualityReport q = QualityGate.defaults().judge("derm",
        new ImageMeasures(768, 512, 150, 0.01, 40, 900, 0.0, 0.0, 20, 20));
    PredictionRecord p = PredictionRecord.builder().setTime(Instant.parse("2026-12-02T10:00:00Z"))
        .setModel(MODEL).setPolicy(new ArgmaxPolicy())
        .setDecision(Decider.of(new ArgmaxPolicy()).decide(new double[] {0.2, 0.3, 0.5}))
        .optCaseId(caseId).optManagement(new double[] {0.2, 0.3, 0.5}).optQuality(List.of(q))
        .build();
    return new AuditEntry(p, List.of(new ImageDigest("derm", SHA, 12345)),
        Map.of("sex", "female", "location", "back"));
  }

  static List<String> allLines(AuditLog log, int keep) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = keep; i >= 1; i--) {
      if (Files.exists(log.rotated(i))) {
        lines.addAll(Files.readAllLines(log.rotated(i)));
      }
    }
    if (Files.exists(log.file())) {
      lines.addAll(Files.readAllLines(log.file()));
    }
    return lines;
  }

  @Test
  void aLineHoldsTheDocumentedFields(@TempDir Path dir) throws Exception {
    AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
    log.append(entry("c1"));
    List<String> lines = Files.readAllLines(log.file());
    assertThat(lines).hasSize(1);
    JsonNode o = DecideJson.LINE.readTree(lines.get(0));
    assertThat(o.get("case_id").asText()).isEqualTo("c1");
    assertThat(o.at("/model/config_sha256").asText()).isEqualTo("c0ffee");
    assertThat(o.at("/policy/policy").asText()).isEqualTo("argmax");
    assertThat(o.at("/images/0/sha256").asText()).isEqualTo(SHA);
    assertThat(o.at("/metadata/sex").asText()).isEqualTo("female");
    assertThat(o.at("/outputs/management/EXC").asDouble()).isEqualTo(0.5);
    assertThat(o.at("/decision/outcome").asText()).isEqualTo("EXC");
    assertThat(o.at("/quality/0/checks/BLUR/passed").asBoolean()).isTrue();
    assertThat(o.at("/calibration/fitted_on").asText()).isEqualTo("none");
  }

  @Test
  void parallelWritersNeverInterleaveLinesEvenWhileRotating(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("audit.jsonl");
    int keep = 1000;
    long maxBytes = 20_000; // a few lines per file: rotation happens all the time
    AuditLog a = new AuditLog(f, maxBytes, keep);
    AuditLog b = new AuditLog(f, maxBytes, keep); // a second writer object on the same file
    // Two other processes write at the same time: only the file lock keeps them apart.
    String cp = System.getProperty("java.class.path");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> procs = new ArrayList<>();
    for (String prefix : List.of("p1", "p2")) {
      procs.add(new ProcessBuilder(java, "-cp", cp, AuditLogWriterMain.class.getName(),
          f.toString(), Long.toString(maxBytes), Integer.toString(keep), prefix, "100")
          .redirectErrorStream(true).redirectOutput(dir.resolve(prefix + ".out").toFile())
          .start());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          (i % 2 == 0 ? a : b).append(entry("t" + id + "-" + i));
        }
      }));
    }
    for (Future<?> x : futures) {
      x.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    for (Process p : procs) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("p1.out"))).isZero();
    }
    List<String> lines = allLines(a, keep);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(DecideJson.LINE.readTree(line).get("case_id").asText()); // each line is whole JSON
    }
    assertThat(lines).hasSize(8 * 50 + 2 * 100);
    assertThat(ids).hasSize(lines.size()).contains("t7-49", "p1-99", "p2-0");
    assertThat(Files.exists(a.rotated(2))).isTrue();
    for (int i = 1; Files.exists(a.rotated(i)); i++) {
      assertThat(Files.size(a.rotated(i))).isLessThanOrEqualTo(maxBytes);
    }
  }

  @Test
  void rotationKeepsOnlyTheNewestFiles(@TempDir Path dir) throws Exception {
    int lineBytes = AuditLog.line(entry("x-00")).getBytes(StandardCharsets.UTF_8).length + 1;
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"), 2L * lineBytes, 2);
    for (int i = 0; i < 10; i++) {
      log.append(entry("x-" + String.format("%02d", i)));
    }
    // Two lines per file: x-08,09 current; x-06,07 in .1; x-04,05 in .2; older ones deleted.
    assertThat(Files.readAllLines(log.file())).hasSize(2);
    assertThat(Files.readString(log.rotated(1))).contains("x-06").contains("x-07");
    assertThat(Files.readString(log.rotated(2))).contains("x-04");
    assertThat(Files.exists(log.rotated(3))).isFalse();
  }

  @Test
  void theLogNeverHoldsImageBytes(@TempDir Path dir) throws Exception {
    // A real JPEG with random content, so any copy of it in the log would be recognisable.
    Random rnd = new Random(11);
    byte[] px = new byte[3 * 64 * 64];
    rnd.nextBytes(px);
    Path jpg = dir.resolve("derm.jpg");
    ImageIO.write(new RgbImage(64, 64, px).toBufferedImage(), "jpg", jpg.toFile());
    byte[] image = Files.readAllBytes(jpg);
    ImageDigest d = ImageDigest.of("derm", jpg);
    assertThat(d).isEqualTo(ImageDigest.of("derm", image));
    PredictionRecord p = entry("c1").prediction();
    AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
    log.append(new AuditEntry(p, List.of(d), Map.of("sex", "male")));
    byte[] logged = Files.readAllBytes(log.file());
    String text = new String(logged, StandardCharsets.UTF_8);
    assertThat(text).contains(d.sha256()).contains("\"bytes\":" + image.length);
    assertThat(logged.length).isLessThan(image.length);
    // No 16-byte window of the image appears raw, base64- or hex-encoded.
    for (int off = 0; off + 16 <= image.length; off += 97) {
      byte[] w = java.util.Arrays.copyOfRange(image, off, off + 16);
      assertThat(indexOf(logged, w)).isEqualTo(-1);
      assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(w).substring(0, 20))
          .doesNotContain(HexFormat.of().formatHex(w));
    }
    // Nothing image-sized can be smuggled in as metadata, and a digest is only a digest.
    assertThatThrownBy(() -> new AuditEntry(p, List.of(d),
        Map.of("photo", Base64.getEncoder().encodeToString(image))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("photo");
    assertThatThrownBy(() -> new ImageDigest("derm", Base64.getEncoder().encodeToString(image), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
