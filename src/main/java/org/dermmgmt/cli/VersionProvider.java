package org.dermmgmt.cli;

import org.dermmgmt.Provenance;
import picocli.CommandLine;

/** Reports the project version and the git commit it was built from. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"dermmgmt " + Provenance.projectVersion() + " (" + Provenance.gitCommit() + ")"};
  }
}
