package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit-log line: the prediction, the digests of its input images and the case metadata as
 * given (sex, location, elevation ...). Metadata values are short strings (at most {@value
 * #MAX_METADATA_CHARS} characters): the log is for facts about a prediction, and the limit keeps
 * anything image-sized out of it.
 */
public record AuditEntry(PredictionRecord prediction, List<ImageDigest> images,
    Map<String, String> metadata) {
  public static final int MAX_METADATA_CHARS = 200;

  public AuditEntry {
    Objects.requireNonNull(prediction, "prediction");
    images = List.copyOf(images);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    metadata.forEach((k, v) -> {
      if (v != null && v.length() > MAX_METADATA_CHARS) {
        throw new IllegalArgumentException("metadata '" + k + "' has " + v.length()
            + " characters; the audit log takes at most " + MAX_METADATA_CHARS);
      }
    });
  }

  /** The line's JSON object (written without line breaks by {@link AuditLog}). */
  public ObjectNode toJson() {
    PredictionRecord p = prediction;
    ObjectNode o = DecideJson.LINE.createObjectNode();
    o.put("time", p.time().toString());
    o.put("case_id", p.caseId());
    ObjectNode m = o.putObject("model");
    m.put("id", p.model().id());
    m.put("config_sha256", p.model().configHash());
    m.put("created", p.model().created() == null ? null : p.model().created().toString());
    m.put("task", p.model().task());
    m.put("software", p.model().software());
    m.put("precision", p.model().precision());
    o.set("policy", p.policy().toJson());
    ObjectNode cal = o.putObject("calibration");
    cal.put("fitted_on", p.calibration().fittedOn());
    ObjectNode temps = cal.putObject("temperatures");
    p.calibration().temperatures().forEach(temps::put);
    ArrayNode img = o.putArray("images");
    for (ImageDigest d : images) {
      img.addObject().put("role", d.role()).put("sha256", d.sha256()).put("bytes", d.bytes());
    }
    ObjectNode meta = o.putObject("metadata");
    metadata.forEach(meta::put);
    ObjectNode out = o.putObject("outputs");
    if (p.management() != null) {
      ObjectNode mg = out.putObject("management");
      p.management().forEach((k, v) -> DecideJson.put(mg, k.name(), v));
    }
    if (p.diagnosis() != null) {
      ObjectNode dg = out.putObject("diagnosis");
      p.diagnosis().forEach((k, v) -> DecideJson.put(dg, k.name(), v));
    }
    if (p.criteria() != null) {
      ObjectNode cr = out.putObject("criteria");
      p.criteria().forEach((k, v) -> cr.put(k.name(), v));
    }
    if (p.sevenPointScore() != null) {
      out.put("seven_point_score", p.sevenPointScore());
    }
    Decision d = p.decision();
    ObjectNode dec = o.putObject("decision");
    dec.put("outcome", d.label());
    dec.put("proposed", d.proposed() == null ? null : d.proposed().name());
    DecideJson.put(dec, "confidence", d.confidence());
    if (d.referred()) {
      ObjectNode r = dec.putObject("referral");
      r.put("reason", d.referral().reason().name());
      ArrayNode f = r.putArray("findings");
      for (Referral.Finding x : d.referral().findings()) {
        ObjectNode fo = f.addObject().put("image", x.image()).put("check", x.check())
            .put("measure", x.measure());
        DecideJson.put(fo, "value", x.value());
        DecideJson.put(fo, "threshold", x.threshold());
      }
    }
    ArrayNode q = o.putArray("quality");
    for (QualityReport r : p.quality()) {
      ObjectNode qo = q.addObject().put("image", r.image()).put("passed", r.passed());
      ObjectNode checks = qo.putObject("checks");
      for (QualityReport.Result x : r.results()) {
        ObjectNode c = checks.putObject(x.check().name());
        DecideJson.put(c, "value", x.value());
        DecideJson.put(c, "threshold", x.threshold());
        c.put("passed", x.passed());
      }
    }
    return o;
  }
}
