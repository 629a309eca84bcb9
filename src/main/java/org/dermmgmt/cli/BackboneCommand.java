package org.dermmgmt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the pretrained-backbone tools. */
@Command(
    name = "backbone",
    mixinStandardHelpOptions = true,
    description = "Pretrained MobileNetV2 backbone tools.",
    subcommands = {BackboneCheckCommand.class})
final class BackboneCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
