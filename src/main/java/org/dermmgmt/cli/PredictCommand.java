package org.dermmgmt.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.train.CasePredictionView;
import org.dermmgmt.train.NewCase;
import org.dermmgmt.train.RunDir;
import org.dermmgmt.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt predict}: management (and diagnosis, criteria) for new cases. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Predict the management of one case, or of every row of a CSV (--cases).")
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A trained run directory.")
  Path model;

  @Option(names = "--clinic", description = "Clinical photo (JPEG).") Path clinic;
  @Option(names = "--derm", description = "Dermoscopic image (JPEG).") Path derm;
  @Option(names = "--sex", description = "female or male.") String sex;
  @Option(names = "--location", description = "One of the 9 Derm7pt locations, e.g. back.") String location;
  @Option(names = "--elevation", description = "flat, palpable or nodular.") String elevation;

  @Option(names = "--cases", paramLabel = "FILE",
      description = "CSV with columns case_id,clinic,derm,sex,location,elevation (paths relative to the CSV).")
  Path cases;

  @Option(names = "--json", description = "JSON on stdout.") boolean json;

  @Override
  public Integer call() throws IOException {
    try (TrainedModel trained = TrainedModel.load(model)) {
      Inputs inputs = trained.config().model().inputs();
      List<NewCase> todo = new ArrayList<>();
      if (cases != null) {
        todo.addAll(readCases(cases));
      } else {
        todo.add(new NewCase(null, clinic, derm, sex, location, elevation));
      }
      List<CasePredictionView> views = new ArrayList<>();
      for (NewCase c : todo) {
        views.add(c.predict(trained, inputs));
      }
      if (json) {
        Object out = cases != null ? views : views.get(0);
        System.out.println(RunDir.JSON.writeValueAsString(out));
      } else {
        views.forEach(v -> System.out.println(v.toText()));
      }
    }
    return 0;
  }

  private static List<NewCase> readCases(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("--cases " + file + ": no such file");
    }
    Path base = file.toAbsolutePath().getParent();
    List<NewCase> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file)) {
      var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(r);
      List<String> header = parser.getHeaderNames();
      for (String col : List.of("clinic", "derm", "sex", "location", "elevation")) {
        if (!header.contains(col)) {
          throw new UserInputException(file + ": missing column '" + col + "' (have " + header + ")");
        }
      }
      for (CSVRecord rec : parser) {
        String id = header.contains("case_id") ? rec.get("case_id") : String.valueOf(rec.getRecordNumber());
        out.add(new NewCase(id, path(base, rec.get("clinic")), path(base, rec.get("derm")),
            rec.get("sex"), rec.get("location"), rec.get("elevation")).at(file, rec.getRecordNumber() + 1));
      }
    }
    return out;
  }

  private static Path path(Path base, String value) {
    return value == null || value.isBlank() ? null : base.resolve(value);
  }
}
