package org.dermmgmt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Exit code, stdout and stderr of one in-process CLI run (tests only). */
public record CliRun(int exit, String out, String err) {

  public String lastErrLine() {
    // Progress bars redraw with carriage returns and may not end their line when stderr is
    // not a terminal: the last line is what follows the last line break or carriage return.
    String[] lines = err.strip().split("\\R|\r");
    return lines[lines.length - 1];
  }

  public String all() {
    return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }

  public static synchronized CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
