package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;

/** Today's behaviour: the most probable management, ties to the lower ordinal (NONE, CLNC, EXC). */
public record ArgmaxPolicy() implements DecisionPolicy {
  public static final String NAME = "argmax";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Management decide(double[] pManagement) {
    return Management.ALL.get(EvaluatedCase.argmax(pManagement));
  }

  @Override
  public String describe() {
    return "argmax: the most probable management";
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = DecideJson.MAPPER.createObjectNode();
    o.put("policy", NAME);
    return o;
  }
}
