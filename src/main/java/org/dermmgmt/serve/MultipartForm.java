package org.dermmgmt.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The parts of a {@code multipart/form-data} body already read into memory, parsed by Jetty's
 * parser with every part kept in memory (no temporary files). Only the form's own fields are
 * accepted, each at most once: an unknown, unnamed or repeated part is refused naming it.
 */
public final class MultipartForm {
  public static final Set<String> IMAGE_FIELDS = Set.of("clinic", "derm");
  public static final Set<String> TEXT_FIELDS = Set.of("sex", "location", "elevation");
  /** The five fields, plus slack so that "too many parts" is told apart from a repeated one. */
  static final int MAX_PARTS = 8;
  private static final int MAX_TEXT_BYTES = 200;

  private final Map<String, byte[]> parts;

  private MultipartForm(Map<String, byte[]> parts) {
    this.parts = parts;
  }

  public static MultipartForm parse(byte[] body, String contentType) {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw ApiError.badRequest("Content-Type", "multipart/form-data without a boundary parameter");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxParts(MAX_PARTS);
    parser.setMaxLength(body.length);
    // Larger than any part can be, so no part ever goes to a file.
    parser.setMaxMemoryFileSize(body.length + 1L);
    parser.setMaxFileSize(body.length + 1L);
    MultiPartFormData.Parts parsed;
    try {
      parsed = parser.parse(Content.Source.from(ByteBuffer.wrap(body)), Invocable.InvocationType.BLOCKING).get();
    } catch (ExecutionException e) {
      String why = e.getCause() == null ? String.valueOf(e) : String.valueOf(e.getCause().getMessage());
      if (why.toLowerCase().contains("too many")) {
        throw ApiError.badRequest(null, "too many parts: the form has at most five fields (clinic, derm, sex, location, elevation)");
      }
      throw ApiError.badRequest(null, "malformed multipart/form-data body (" + why + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("interrupted while reading the form", 1);
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (parsed) {
      for (MultiPart.Part part : parsed) {
        String name = part.getName();
        if (name == null || name.isEmpty()) {
          throw ApiError.badRequest(null, "a form part has no name");
        }
        if (!IMAGE_FIELDS.contains(name) && !TEXT_FIELDS.contains(name)) {
          throw ApiError.badRequest(name, "unknown form field '" + name
              + "'; expected clinic, derm, sex, location, elevation");
        }
        if (out.containsKey(name)) {
          throw ApiError.badRequest(name, "form field '" + name + "' is given more than once");
        }
        out.put(name, bytesOf(part));
      }
    }
    return new MultipartForm(out);
  }

  private static byte[] bytesOf(MultiPart.Part part) {
    try {
      ByteBuffer b = Content.Source.asByteBuffer(part.getContentSource());
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw ApiError.badRequest(part.getName(), "cannot read form field '" + part.getName() + "'");
    }
  }

  /** The bytes of a field, or null when the form did not have it. */
  public byte[] bytes(String field) {
    return parts.get(field);
  }

  /** A text field, trimmed; null when absent or blank. */
  public String text(String field) {
    byte[] b = parts.get(field);
    if (b == null) {
      return null;
    }
    if (b.length > MAX_TEXT_BYTES) {
      throw ApiError.badRequest(field, field + ": " + b.length + " bytes, more than a metadata value can be");
    }
    String s = new String(b, StandardCharsets.UTF_8).trim();
    return s.isEmpty() ? null : s;
  }

  public boolean has(String field) {
    return parts.containsKey(field);
  }
}
