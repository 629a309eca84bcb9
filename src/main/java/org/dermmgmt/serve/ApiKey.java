package org.dermmgmt.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.dermmgmt.UserInputException;

/** The shared secret clients send as {@code Authorization: Bearer KEY}. */
final class ApiKey {
  private static final int MIN_LENGTH = 16;
  private final byte[] key;

  ApiKey(String key) {
    if (key == null || key.length() < MIN_LENGTH) {
      throw new UserInputException("the API key must have at least " + MIN_LENGTH + " characters");
    }
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** The key file's first line, trimmed. */
  static ApiKey read(Path file) {
    try {
      String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
      if (first.length() < MIN_LENGTH) {
        throw new UserInputException("--api-key-file " + file + ": the key (first line) must have at least "
            + MIN_LENGTH + " characters");
      }
      return new ApiKey(first);
    } catch (IOException e) {
      throw new UserInputException("--api-key-file " + file + ": cannot read it (" + e.getMessage() + ")", e);
    }
  }

  /** Whether an Authorization header carries this key; compared in constant time. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(key, given);
  }
}
