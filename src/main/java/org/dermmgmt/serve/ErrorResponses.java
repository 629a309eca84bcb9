package org.dermmgmt.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.dermmgmt.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every failure becomes its HTTP answer, once: {@link ApiError} with its status, bad input
 * from the model code as 400, anything else as 500 (logged with its trace, never with request
 * content), and routes that do not exist as 404, all as {"error": ..., "field": ...}.
 */
final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void register(RoutesConfig routes) {
    routes.exception(ApiError.class, (e, ctx) -> {
      if (e.retryAfterSeconds() != null) {
        ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
      }
      if (e.status() == 401) {
        ctx.header("WWW-Authenticate", "Bearer");
      }
      write(ctx, e.status(), e.getMessage(), e.field());
    });
    routes.exception(UserInputException.class, (e, ctx) -> write(ctx, 400, e.getMessage(), null));
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.warn("internal error answering {} {}", ctx.method(), ctx.path(), e);
      write(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); see the service log", null);
    });
    routes.error(404, "*", ctx -> write(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path(), null));
  }

  static void write(Context ctx, int status, String message, String field) {
    ctx.status(status).contentType("application/json").result(Json.error(message, field));
  }
}
