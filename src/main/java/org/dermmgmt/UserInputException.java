package org.dermmgmt;

/**
 * A problem with what the user gave us (a file, a row, an option), described so that they can fix
 * it. The CLI prints its message on one line with no stack trace.
 */
public class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
