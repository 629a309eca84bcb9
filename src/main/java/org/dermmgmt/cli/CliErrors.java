package org.dermmgmt.cli;

import org.dermmgmt.Progress;
import org.dermmgmt.UserInputException;
import picocli.CommandLine;

/**
 * Turns exceptions into a one-line message on stderr and an exit code. Bad input is the user's to
 * fix, so it never shows a stack trace; anything else is a bug and keeps its trace for the report.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_INTERNAL = 70;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    Throwable cause = ex;
    while (cause != null && !(cause instanceof UserInputException)) {
      cause = cause.getCause();
    }
    // An interrupted progress bar leaves its line open: the message gets a line of its own.
    Progress.endOpenLine(cmd.getErr());
    if (cause != null) {
      cmd.getErr().println("error: " + cause.getMessage());
      return EXIT_BAD_INPUT;
    }
    cmd.getErr().println("internal error: " + ex);
    ex.printStackTrace(cmd.getErr());
    return EXIT_INTERNAL;
  }
}
