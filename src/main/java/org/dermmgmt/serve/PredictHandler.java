package org.dermmgmt.serve;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.awt.image.BufferedImage;
import org.dermmgmt.data.image.RgbImage;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.interop.FhirBundles;
import org.dermmgmt.explain.HeatMapOverlay;

/**
 * {@code POST /api/v1/predict}: admission, the body read into memory within its limits, the form
 * checked against what the model expects, the images decoded, then a place in the batch queue.
 * Every refusal is an {@link ApiError}; the exception mapper writes it once.
 */
final class PredictHandler implements Handler {
  private final ModelCard card;
  private final ServeSettings settings;
  private final MicroBatcher batcher;
  private final Semaphore admission;

  PredictHandler(ModelCard card, ServeSettings settings, MicroBatcher batcher, Semaphore admission) {
    this.card = card;
    this.settings = settings;
    this.batcher = batcher;
    this.admission = admission;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    long start = System.nanoTime();
    // Refused before the body is read: a full service must not buffer what it cannot serve.
    if (!admission.tryAcquire()) {
      throw ApiError.unavailable("the service is busy: " + settings.capacity()
          + " requests are in progress, retry shortly", 1);
    }
    try {
      boolean explain = explainParameter(ctx.queryParam("explain"));
      boolean fhir = fhirParameter(ctx.queryParam("format"));
      String contentType = ctx.contentType();
      if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
        throw new ApiError(415, "Content-Type", "expected multipart/form-data, got "
            + (contentType == null ? "no Content-Type" : contentType.split(";")[0]));
      }
      byte[] body = BodyReader.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(),
          settings.limits().maxRequestBytes(), settings.readTimeout());
      MultipartForm form = MultipartForm.parse(body, contentType);
      Map<String, ImageIn> images = new LinkedHashMap<>();
      if (card.usesClinic()) {
        images.put("clinic", image(form, "clinic", "clinical image"));
      }
      if (card.usesDerm()) {
        images.put("derm", image(form, "derm", "dermoscopic image"));
      }
      String sex = card.usesMeta() ? metadata(form, "sex") : null;
      String location = card.usesMeta() ? metadata(form, "location") : null;
      String elevation = card.usesMeta() ? metadata(form, "elevation") : null;
      CaseRequest request = new CaseRequest(
          images.containsKey("clinic") ? images.get("clinic").image() : null,
          images.containsKey("derm") ? images.get("derm").image() : null,
          sex, location, elevation, explain,
          images.containsKey("clinic") ? images.get("clinic").bytes() : null,
          images.containsKey("derm") ? images.get("derm").bytes() : null);
      CaseResult result = await(batcher.submit(request));
      Map<String, PredictResponse.ImageSeen> seen = new LinkedHashMap<>();
      images.forEach((k, v) -> seen.put(k, new PredictResponse.ImageSeen(v.sha256(), v.image().width(), v.image().height())));
      Map<String, PredictResponse.Explanation> explanations = null;
      if (result.heatMaps() != null) {
        explanations = new LinkedHashMap<>();
        for (Map.Entry<String, HeatMap> e : result.heatMaps().entrySet()) {
          BufferedImage overlay = HeatMapOverlay.draw(images.get(e.getKey()).image().toBufferedImage(), e.getValue(),
              card.borderCrop(), settings.overlayMaxSide());
          explanations.put(e.getKey(), new PredictResponse.Explanation(
              result.prediction().recommendation().name(), overlay.getWidth(), overlay.getHeight(),
              Base64.getEncoder().encodeToString(HeatMapOverlay.png(overlay)), e.getValue()));
        }
      }
      if (fhir) {
        if (result.record() == null) {
          throw ApiError.badRequest("format", "this service's predictor gives no FHIR output");
        }
        ctx.contentType("application/fhir+json").result(FhirBundles.json(result.record()));
        return;
      }
      double ms = (System.nanoTime() - start) / 1e6;
      ctx.contentType("application/json").result(Json.bytes(new PredictResponse(
          PredictResponse.Identity.of(card), result.prediction(), PredictResponse.checklist(result.prediction()),
          seen, explanations, ms, PredictResponse.NOTICE)));
    } finally {
      admission.release();
    }
  }

  private record ImageIn(RgbImage image, String sha256, byte[] bytes) {}

  /** {@code format}: json (default) or fhir (a FHIR R4 Bundle, as {@code predict --format fhir}). */
  private static boolean fhirParameter(String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("json")) {
      return false;
    }
    if (value.equalsIgnoreCase("fhir")) {
      return true;
    }
    throw ApiError.badRequest("format", "format must be json or fhir, got '" + value + "'");
  }

  private boolean explainParameter(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (!value.equalsIgnoreCase("true")) {
      throw ApiError.badRequest("explain", "explain must be true or false, got '" + value + "'");
    }
    if (!card.explainable()) {
      throw ApiError.badRequest("explain", "explanations are off in this service (started with --no-explain)");
    }
    return true;
  }

  private ImageIn image(MultipartForm form, String field, String what) {
    byte[] bytes = form.bytes(field);
    if (bytes == null) {
      throw ApiError.badRequest(field, "missing " + field + ": this model (inputs " + card.inputs()
          + ") uses the " + what);
    }
    return new ImageIn(UploadDecoder.decode(bytes, field, settings.limits()), sha256(bytes), bytes);
  }

  private String metadata(MultipartForm form, String field) {
    String value = form.text(field);
    if (value == null) {
      throw ApiError.badRequest(field, "missing " + field + ": this model (inputs " + card.inputs()
          + ") uses the metadata; expected one of " + String.join(", ", card.metadata().get(field)));
    }
    if (!MetadataEncoder.isKnown(field, value)) {
      throw ApiError.badRequest(field, "unknown " + field + " '" + value + "': expected one of "
          + String.join(", ", card.metadata().get(field)));
    }
    return value.trim().toLowerCase();
  }

  private static CaseResult await(java.util.concurrent.CompletableFuture<CaseResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("interrupted while waiting for the model", 1);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("prediction failed", cause);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
