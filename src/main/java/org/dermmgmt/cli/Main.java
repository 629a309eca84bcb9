package org.dermmgmt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dermmgmt} command line; each stage of the pipeline is a subcommand. */
@Command(
    name = "dermmgmt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Predicts the clinical management of skin lesions (NONE / CLNC / EXC).",
    subcommands = {
      CommandLine.HelpCommand.class,
      EngineCommand.class,
      DataCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      CrossvalCommand.class,
      ReproduceCommand.class,
      BenchCommand.class,
      ServeCommand.class,
      BackboneCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
