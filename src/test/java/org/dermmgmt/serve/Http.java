package org.dermmgmt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the service tests: multipart bodies built by hand, so that bad ones can be too. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Status, headers and body of one answer. */
  record Answer(int status, HttpResponse<byte[]> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text(), e);
      }
    }

    String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** A multipart/form-data body, part by part. */
  static final class Form {
    final String boundary = "----dermmgmt-test-boundary-7MA4YWxkTrZu0gW";
    private final List<byte[]> chunks = new ArrayList<>();

    Form file(String name, byte[] bytes, String type) {
      chunks.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
          + ".img\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      chunks.add(bytes);
      chunks.add("\r\n".getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Form jpeg(String name, byte[] bytes) {
      return file(name, bytes, "image/jpeg");
    }

    Form text(String name, String value) {
      chunks.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Form meta(String sex, String location, String elevation) {
      return text("sex", sex).text("location", location).text("elevation", elevation);
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      chunks.forEach(out::writeBytes);
      out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }
  }

  private Http() {}

  static Answer get(String url, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    addHeaders(b, headers);
    return send(b.build());
  }

  static Answer post(String url, Form form, String... headers) {
    return post(url, form.contentType(), form.bytes(), headers);
  }

  static Answer post(String url, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    addHeaders(b, headers);
    return send(b.build());
  }

  private static Answer answer(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r);
  }

  private static void addHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
  }

  private static Answer send(HttpRequest request) {
    try {
      // A pooled keep-alive connection the service closed after its idle timeout (2 s in some
      // tests, easily exceeded on a loaded machine) fails before any byte of an answer: the
      // request never reached the service, so it is sent again (the pool drops the dead one).
      for (int attempt = 1; ; attempt++) {
        try {
          return answer(request);
        } catch (IOException e) {
          if (attempt == 3 || !String.valueOf(e.getMessage()).contains("received no bytes")) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
