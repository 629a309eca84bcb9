package org.dermmgmt.serve;

/**
 * A request the service refuses, with the HTTP status and the form field it is about (null when it
 * is about the request as a whole). The exception mapper turns it into
 * {@code {"error": message, "field": field}}; it never carries upload content.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String field;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String field, String message) {
    this(status, field, message, null);
  }

  private ApiError(int status, String field, String message, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, field, message);
  }

  public static ApiError tooLarge(String field, String message) {
    return new ApiError(413, field, message);
  }

  /** 503 with Retry-After: the queue is full or the service is shutting down. */
  public static ApiError unavailable(String message, int retryAfterSeconds) {
    return new ApiError(503, null, message, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
