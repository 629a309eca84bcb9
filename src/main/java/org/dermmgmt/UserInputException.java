package org.dermmgmt;

/**
 * A problem with what the user gave us (a file, a row, a field, an option), described so that they
 * can fix it. Domain code names the field in its own terms ({@code sex}, {@code clinic}); the CLI
 * maps the field to its flag and exit code 2, the service to HTTP 400 with the field in the body.
 */
public class UserInputException extends RuntimeException {
  private final String field;
  private final String caseId;

  public UserInputException(String message) {
    this(null, message, null);
  }

  public UserInputException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /** An error about one input field of a case or request, e.g. {@code sex} or {@code derm}. */
  public static UserInputException field(String field, String message) {
    return new UserInputException(field, message, null);
  }

  private UserInputException(String field, String message, Throwable cause) {
    this(field, null, message, cause);
  }

  private UserInputException(String field, String caseId, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
    this.caseId = caseId;
  }

  /** The input field the problem is about, or null when it is not about one field. */
  public String field() {
    return field;
  }

  /** The problem itself, without the prefixes {@link #at} added on the way up. */
  public String reason() {
    return getCause() instanceof UserInputException u ? u.reason() : getMessage();
  }

  /** The same problem about one input field, with a prefix saying where (a case, a row). */
  public UserInputException at(String where, String field) {
    return new UserInputException(field, where + ": " + getMessage(), this);
  }

  /**
   * The same problem in one case of a batch ("case ID, field F: ..."), its id kept so that a caller
   * holding the table can name the row; {@code field} may be null (then the field is kept).
   */
  public UserInputException inCase(String id, String field) {
    String f = field != null ? field : this.field;
    return new UserInputException(f, id, "case " + id + (f == null ? "" : ", field " + f) + ": " + getMessage(), this);
  }

  /** The case the problem is in, when a batch named it ({@link #inCase}), else null. */
  public String caseId() {
    if (caseId != null) {
      return caseId;
    }
    return getCause() instanceof UserInputException u ? u.caseId() : null;
  }

  /** The same problem with a prefix that the message continues ("FILE row 3 (line 4), case ..."). */
  public UserInputException within(String where) {
    return new UserInputException(field, caseId(), where + ", " + getMessage(), this);
  }

  /** The same problem with a prefix saying where (a file and row), keeping the field. */
  public UserInputException at(String where) {
    return new UserInputException(field, where + ": " + getMessage(), this);
  }
}
