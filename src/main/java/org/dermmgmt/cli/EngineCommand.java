package org.dermmgmt.cli;

import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the deep-learning engine in use, so a user can check the native libraries load. */
@Command(name = "engine", mixinStandardHelpOptions = true, description = "Show the deep-learning engine, its version and devices.")
final class EngineCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Engine engine = Engine.getInstance();
    System.out.println(
        engine.getEngineName() + " " + engine.getVersion() + " gpus=" + engine.getGpuCount());
    return 0;
  }
}
