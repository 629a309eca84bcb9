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
 *
 * <p>An over-large body that is at most {@link #DRAIN_FACTOR} times the limit is read and thrown
 * away before the 413 is sent: a client that writes its whole body before reading the answer (as
 * Java's HttpClient and curl do) would otherwise find the connection reset and never see the 413.
 * A larger one is cut without reading it.
 */
final class BodyReader {
  static final int DRAIN_FACTOR = 4;

  private BodyReader() {}

  static byte[] read(InputStream in, long contentLength, long maxBytes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (contentLength > maxBytes) {
      if (contentLength <= DRAIN_FACTOR * maxBytes) {
        discard(in, contentLength, deadline);
      }
      throw ApiError.tooLarge(null, "request body of " + contentLength + " bytes, over the limit of "
          + maxBytes + " bytes");
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(Math.max(contentLength, 8192), maxBytes));
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (out.size() + (long) n > maxBytes) {
          discard(in, DRAIN_FACTOR * maxBytes - out.size(), deadline);
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

  /** Reads and drops up to {@code budget} bytes until the end or the deadline; a failed read just stops. */
  private static void discard(InputStream in, long budget, long deadline) {
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; budget > 0 && System.nanoTime() < deadline && (n = in.read(buffer)) >= 0; ) {
        budget -= n;
      }
    } catch (IOException e) {
      // the 413 is still the answer
    }
  }

  private static ApiError timedOut(Duration timeout) {
    return new ApiError(408, null, "the request body did not arrive in full within "
        + timeout.toMillis() + " ms");
  }
}
