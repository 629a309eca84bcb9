package org.dermmgmt.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body into memory with two bounds: at most {@code maxBytes} (413 beyond, before
 * reading when Content-Length already says so) and within {@code timeout} from the first byte
 * asked for (408 beyond). A body that stalls is cut by the connector's idle timeout, which makes
 * the read fail; one that trickles is cut by the deadline checked between reads.
 */
final class BodyReader {
  private BodyReader() {}

  static byte[] read(InputStream in, long contentLength, long maxBytes, Duration timeout) {
    if (contentLength > maxBytes) {
      throw ApiError.tooLarge(null, "request body of " + contentLength + " bytes, over the limit of "
          + maxBytes + " bytes");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(Math.max(contentLength, 8192), maxBytes));
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (out.size() + (long) n > maxBytes) {
          throw ApiError.tooLarge(null, "request body over the limit of " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
        if (System.nanoTime() > deadline) {
          throw timedOut(timeout);
        }
      }
    } catch (IOException e) {
      throw timedOut(timeout);
    }
    return out.toByteArray();
  }

  private static ApiError timedOut(Duration timeout) {
    return new ApiError(408, null, "the request body did not arrive in full within "
        + timeout.toMillis() + " ms");
  }
}
