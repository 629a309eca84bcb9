package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad input of the issue gets a 4xx JSON error naming the field and the reason, and the
 * service goes on answering good requests (checked after each test).
 */
class BadInputTest {
  static PredictionService service;
  static String predict;
  static final byte[] GOOD = TestImages.jpeg(TestImages.numbered(4));

  @BeforeAll
  static void start() {
    service = PredictionService.start(TrainedModelPredictor.load(TinyRun.run(), true), ServeSettings.builder()
        .optPort(0).optLimits(ServiceApiTest.LIMITS).optReadTimeout(Duration.ofSeconds(2)).build());
    predict = service.url() + "/api/v1/predict";
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @AfterEach
  void stillServing() {
    Http.Answer a = Http.post(predict, form(GOOD, GOOD));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
  }

  static Http.Form form(byte[] clinic, byte[] derm) {
    return new Http.Form().jpeg("clinic", clinic).jpeg("derm", derm).meta("male", "acral", "nodular");
  }

  /** The answer must be the expected status with {"error": ..., "field": ...}, the field as given. */
  static JsonNode refused(Http.Answer a, int status, String field, String... words) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    JsonNode body = a.json();
    assertThat(body.has("error") && body.has("field")).as(a.text()).isTrue();
    if (field == null) {
      assertThat(body.get("field").isNull()).as(a.text()).isTrue();
    } else {
      assertThat(body.get("field").asText()).as(a.text()).isEqualTo(field);
    }
    assertThat(body.get("error").asText()).as(a.text()).contains(words).doesNotContain("Exception", "\tat ");
    return body;
  }

  @Test
  void notAnImage() {
    byte[] text = "just some text, not a photo".getBytes(StandardCharsets.UTF_8);
    refused(Http.post(predict, form(text, GOOD)), 400, "clinic", "not a JPEG or PNG");
  }

  @Test
  void corruptImage() {
    byte[] corrupt = Arrays.copyOf(GOOD, GOOD.length);
    // Keep the markers at both ends, scramble the middle (headers and entropy-coded data).
    for (int i = 20; i < corrupt.length - 20; i++) {
      corrupt[i] = (byte) (i * 31);
    }
    refused(Http.post(predict, form(GOOD, corrupt)), 400, "derm", "derm");
  }

  @Test
  void truncatedJpeg() {
    refused(Http.post(predict, form(GOOD, TestImages.truncatedJpeg())), 400, "derm", "truncated");
  }

  @Test
  void imageUnderTheMinimumSize() {
    byte[] small = TestImages.jpeg(TestImages.lesion(20, 20, 10, 10, 5, java.awt.Color.DARK_GRAY));
    refused(Http.post(predict, form(small, GOOD)), 400, "clinic", "20x20", "minimum");
  }

  @Test
  void imageOverTheMaximumBytes() {
    // Valid JPEG markers around more bytes than one image may have (the limit here is 200 KB).
    byte[] big = Arrays.copyOf(GOOD, 300_000);
    big[big.length - 2] = (byte) 0xFF;
    big[big.length - 1] = (byte) 0xD9;
    refused(Http.post(predict, form(big, GOOD)), 413, "clinic", "300000 bytes");
  }

  @Test
  void requestOverTheMaximumBytes() {
    byte[] huge = new byte[(int) ServiceApiTest.LIMITS.maxRequestBytes() + 1000];
    refused(Http.post(predict, "multipart/form-data; boundary=x", huge), 413, null, "request body");
    // Several times the limit: the client, which writes all of it before reading, still gets the 413.
    byte[] larger = new byte[(int) ServiceApiTest.LIMITS.maxRequestBytes() * 3];
    for (int i = 0; i < 3; i++) {
      refused(Http.post(predict, "multipart/form-data; boundary=x", larger), 413, null, "request body");
    }
  }

  @Test
  void decompressionBombsAreRefusedFromTheirHeader() {
    byte[] png = TestImages.bombPng(30000);
    assertThat(png.length).isLessThan(150_000);
    long start = System.nanoTime();
    refused(Http.post(predict, new Http.Form().file("clinic", png, "image/png").jpeg("derm", GOOD)
        .meta("male", "acral", "nodular")), 413, "clinic", "30000x30000", "900000000 pixels");
    // Decoding 900 megapixels would take far longer (and gigabytes): it was refused unread.
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(3.0);
    refused(Http.post(predict, form(GOOD, TestImages.bombJpeg(30000))), 413, "derm", "30000x30000");
    // A few KB with garbage behind the header: refused as too large, so never decoded.
    refused(Http.post(predict, new Http.Form().jpeg("clinic", GOOD).file("derm", TestImages.bombPngHeaderOnly(30000),
        "image/png").meta("male", "acral", "nodular")), 413, "derm", "30000x30000");
  }

  @Test
  void unknownMetadataValue() {
    Http.Form f = new Http.Form().jpeg("clinic", GOOD).jpeg("derm", GOOD).meta("male", "moon", "nodular");
    refused(Http.post(predict, f), 400, "location", "moon", "head neck");
  }

  @Test
  void missingRequiredParts() {
    refused(Http.post(predict, new Http.Form().jpeg("clinic", GOOD).meta("male", "acral", "flat")), 400, "derm", "missing derm");
    refused(Http.post(predict, new Http.Form().jpeg("clinic", GOOD).jpeg("derm", GOOD).text("sex", "male")
        .text("location", "acral")), 400, "elevation", "missing elevation");
  }

  @Test
  void wrongContentType() {
    refused(Http.post(predict, "application/json", "{\"sex\":\"male\"}".getBytes(StandardCharsets.UTF_8)),
        415, "Content-Type", "multipart/form-data", "application/json");
    refused(Http.post(predict, null, new byte[0]), 415, "Content-Type", "no Content-Type");
  }

  @Test
  void tooManyDuplicatedOrUnknownParts() {
    Http.Form many = form(GOOD, GOOD);
    for (int i = 0; i < 6; i++) {
      many.text("note", "x");
    }
    refused(Http.post(predict, many), 400, null, "too many parts");
    refused(Http.post(predict, form(GOOD, GOOD).jpeg("clinic", GOOD)), 400, "clinic", "more than once");
    refused(Http.post(predict, form(GOOD, GOOD).text("age", "45")), 400, "age", "unknown form field");
  }

  @Test
  void malformedMultipartAndBadParameters() {
    Http.Answer a = Http.post(predict, "multipart/form-data; boundary=abc",
        "--abc\r\nno headers here at all".getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.text()).isEqualTo(400);
    refused(Http.post(predict, "multipart/form-data", new byte[10]), 400, "Content-Type", "boundary");
    refused(Http.post(predict + "?explain=maybe", form(GOOD, GOOD)), 400, "explain", "maybe");
  }
}
