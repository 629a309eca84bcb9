package org.dermmgmt.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/** Exit code, stdout and stderr of one in-process command (the core CLI's or score's). */
record Captured(int exit, String out, String err) {
  static Captured core(String... args) {
    return of(org.dermmgmt.cli.Main::run, args);
  }

  static Captured score(String... args) {
    return of(ScoreCommand::run, args);
  }

  static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  String all() {
    return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }

  private static synchronized Captured of(ToIntFunction<String[]> command, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = command.applyAsInt(args);
      return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
