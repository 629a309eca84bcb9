package org.dermmgmt.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.Progress;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.dicom.DicomReader;
import org.dermmgmt.data.table.CaseTable;
import org.dermmgmt.decide.AuditLog;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.interop.FhirBundles;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.DecisionLayer;
import org.dermmgmt.infer.ImageInput;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.PredictionRecords;
import org.dermmgmt.infer.PredictionView;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.model.Inputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt predict}: management (and diagnosis, criteria) for new cases. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict the management of one case, or of every row of a CSV (--cases), in batches.",
      "The run's own inference (its test-time views and ensemble) is used: the same probabilities as evaluate."
    })
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A trained run directory.")
  Path model;

  @Option(names = "--clinic", description = "Clinical photo (JPEG).") Path clinic;
  @Option(names = "--derm", description = "Dermoscopic image (JPEG).") Path derm;
  @Option(names = "--sex", description = "female or male (default: PatientSex of a DICOM image).") String sex;
  @Option(names = "--location", description = "One of the 9 Derm7pt locations, e.g. back.") String location;
  @Option(names = "--elevation", description = "flat, palpable or nodular.") String elevation;

  @Option(names = "--cases", paramLabel = "FILE",
      description = "CSV with columns case_id,clinic,derm,sex,location,elevation (paths relative to the CSV).")
  Path cases;

  @Option(names = "--json", description = "JSON on stdout (the same as --format json).") boolean json;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|fhir",
      description = "Output: text, json, or fhir (one FHIR R4 Bundle per case, one per line for --cases).")
  String format;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Append one JSON line per prediction (model, policy, calibration, image sha256, outputs).")
  Path auditLog;

  @picocli.CommandLine.Mixin PolicyOptions decision = new PolicyOptions();

  @picocli.CommandLine.Mixin QualityGateOption gate = new QualityGateOption();
  @picocli.CommandLine.Mixin PrecisionOption precision = new PrecisionOption();

  @Override
  public Integer call() throws IOException {
    precision.apply();
    String fmt = json ? "json" : format.trim().toLowerCase(java.util.Locale.ROOT);
    if (!List.of("text", "json", "fhir").contains(fmt)) {
      throw new UserInputException("--format: unknown format '" + format + "'; expected text, json or fhir");
    }
    decision.spec(); // refuse bad decision options before the model is loaded
    decision.referBelow();
    try (TrainedModel trained = TrainedModel.load(model)) {
      DecisionLayer layer = decision.layer(trained, model, gate.on());
      Inputs inputs = trained.card().model().inputs();
      List<CaseInput> todo =
          cases != null ? readCases(cases, inputs, trained.card().model().metadata()) : List.of(single(inputs));
      Inferer inferer = trained.inferer();
      List<Prediction> predictions;
      try {
        if (todo.size() > 1) {
          try (ProgressBar bar = Progress.bar("predict", inferer.work(todo.size()))) {
            predictions = inferer.predict(todo, bar::stepBy);
          }
        } else {
          predictions = inferer.predict(todo, null);
        }
      } catch (UserInputException e) {
        throw cases != null ? atRow(e) : e.field() != null
            ? UserInputException.field(e.field(), "--" + e.field() + ": " + e.reason()) : e;
      }
      List<PredictionView> views = new ArrayList<>();
      List<PredictionRecord> records = new ArrayList<>();
      for (int i = 0; i < predictions.size(); i++) {
        Prediction p = predictions.get(i);
        List<QualityReport> quality = layer.quality(todo.get(i));
        PredictionView v = layer.view(cases != null ? p.id() : null, trained, p, quality);
        views.add(v);
        if (auditLog != null || fmt.equals("fhir")) {
          records.add(layer.record(todo.get(i), trained, p, v, quality));
        }
      }
      if (auditLog != null) {
        AuditLog log = AuditLog.open(auditLog);
        for (int i = 0; i < records.size(); i++) {
          log.append(PredictionRecords.audit(todo.get(i), records.get(i)));
        }
      }
      switch (fmt) {
        case "json" -> System.out.println(RunDir.JSON.writeValueAsString(cases != null ? views : views.get(0)));
        case "fhir" -> records.forEach(r -> System.out.println(records.size() == 1 ? FhirBundles.json(r)
            : FhirBundles.context().newJsonParser().encodeResourceToString(FhirBundles.bundle(r))));
        default -> views.forEach(v -> System.out.println(v.toText()));
      }
    }
    return 0;
  }

  private CaseInput single(Inputs inputs) {
    ImageInput c = image(clinic, inputs.clinic(), "--clinic", "clinical image (C)", inputs, null);
    ImageInput d = image(derm, inputs.derm(), "--derm", "dermoscopic image (D)", inputs, null);
    return new CaseInput("1", null, c, d, sexOf(sex, inputs, "case", c, d), location, elevation);
  }

  /**
   * The sex as given, else (for a model that uses metadata) the PatientSex of the case's DICOM
   * images, clinical first; said on stderr so the user sees where the value came from.
   */
  private static String sexOf(String given, Inputs inputs, String what, ImageInput... images) {
    if (given != null && !given.isBlank() || !inputs.meta()) {
      return given;
    }
    for (ImageInput image : images) {
      if (image instanceof ImageInput.File f) {
        var fromDicom = DicomReader.patientSex(f.path());
        if (fromDicom.isPresent()) {
          System.err.printf("%s: sex %s from PatientSex of %s%n", what, fromDicom.get(), f.path());
          return fromDicom.get();
        }
      }
    }
    return given;
  }

  /** A file the model uses must be given and exist; one it does not use is ignored. */
  private static ImageInput image(Path file, boolean used, String flag, String what, Inputs inputs, String where) {
    if (!used) {
      return null;
    }
    String prefix = where == null ? "" : where + ": ";
    if (file == null) {
      throw new UserInputException(prefix + "this model (inputs " + inputs + ") uses the " + what + ": give "
          + flag + ", or use a model trained without it");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(prefix + flag + " " + file + ": no such file");
    }
    return new ImageInput.File(file);
  }

  /** Where each case of --cases is in the CSV ("FILE row N"), by case id. */
  private final Map<String, String> rows = new HashMap<>();

  /**
   * An error the inference raised about one case ("case ID, field F: ..."), said at its CSV row so
   * the user can find it: "FILE row N, field F: image ... is truncated".
   */
  /** An inference error in one case of the table, prefixed with that case's file and row. */
  private UserInputException atRow(UserInputException e) {
    String row = e.caseId() == null ? null : rows.get(e.caseId());
    return row == null ? e : e.within(row);
  }

  private List<CaseInput> readCases(Path file, Inputs inputs, MetadataVocabulary vocabulary)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("--cases " + file + ": no such file");
    }
    Path base = file.toAbsolutePath().getParent();
    List<CaseInput> out = new ArrayList<>();
    // Read as case tables are: UTF-8 with or without a byte-order mark, any line ends, header
    // names in any case, blank lines skipped.
    try (Reader r = new StringReader(CaseTable.readUtf8(file))) {
      var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
          .setIgnoreHeaderCase(true).setIgnoreEmptyLines(true).get().parse(r);
      List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
      for (String col : List.of("clinic", "derm", "sex", "location", "elevation")) {
        if (!header.contains(col)) {
          throw new UserInputException(file + ": missing column '" + col + "' (have " + header + ")");
        }
      }
      Map<String, Long> seen = new HashMap<>();
      for (CSVRecord rec : parser) {
        // Rows are counted as the case table counts them: data rows from 1, the line after the header.
        String where = file + " row " + rec.getRecordNumber() + " (line " + (rec.getRecordNumber() + 1) + ")";
        String id = header.contains("case_id") ? rec.get("case_id") : String.valueOf(rec.getRecordNumber());
        Long first = seen.putIfAbsent(id, rec.getRecordNumber());
        if (first != null) {
          throw new UserInputException(where + ", field case_id: case " + id + " appears again (first at row "
              + first + ")");
        }
        rows.put(id, where);
        ImageInput c =
            image(path(base, rec.get("clinic")), inputs.clinic(), "column clinic", "clinical image (C)", inputs, where);
        ImageInput d =
            image(path(base, rec.get("derm")), inputs.derm(), "column derm", "dermoscopic image (D)", inputs, where);
        String caseSex = sexOf(rec.get("sex"), inputs, where, c, d);
        if (inputs.meta()) {
          try {
            vocabulary.encode(caseSex, rec.get("location"), rec.get("elevation"));
          } catch (UserInputException e) {
            throw e.at(where);
          }
        }
        out.add(new CaseInput(id, null, c, d, caseSex, rec.get("location"), rec.get("elevation")));
      }
    }
    return out;
  }

  private static Path path(Path base, String value) {
    return value == null || value.isBlank() ? null : base.resolve(value);
  }
}
