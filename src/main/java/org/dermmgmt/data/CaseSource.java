package org.dermmgmt.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where cases and their images come from. Training, inference and the feature cache read cases
 * through this interface only, so a Derm7pt release and a clinic's own case table are
 * interchangeable.
 */
public interface CaseSource {
  /** What the cases were read from (a folder or a file), for messages. */
  String describe();

  /** Every usable case, in source order. */
  List<LesionCase> cases();

  /** The usable cases of a split, in the source's order for it. */
  List<LesionCase> split(Split split);

  /** The file an image reference of one of this source's cases points to. */
  Path image(String reference);

  /** File name (relative to the source) to sha256 of each file that defines the cases, for provenance. */
  Map<String, String> checksums();
}
