// The offline references for bench/serve-load.sh, in one JVM without HTTP:
//  - batch throughput: the run's Inferer over a split's cases (what `evaluate` runs: JPEG
//    decoding, the run's test-time views and members, forwards in batches of 16), in cases/s;
//  - one case: the service's predictor on one upload (decoding for the views, preprocessing,
//    forwards, decision layer), median of repeated calls, in ms; also with Grad-CAM.
// Both run on a fresh thread, as the service's workers do: on the shared 2-core machine libtorch
// calls from the JVM's main thread measured 5-7x slower than the same calls from a new thread
// (BENCHMARKS.md), which would flatter the service.
// Run (after ./dermmgmt has built the jar):
//   java -cp 'target/dermmgmt.jar:target/lib/*' bench/ServeOffline.java RUN_DIR DATA_DIR SPLIT CLINIC DERM
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.serve.CaseRequest;
import org.dermmgmt.serve.ImageLimits;
import org.dermmgmt.serve.TrainedModelPredictor;
import org.dermmgmt.serve.UploadDecoder;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.TrainedModel;

public class ServeOffline {
  interface Work {
    void run() throws Exception;
  }

  static void onFreshThread(Work work) throws Exception {
    Exception[] failure = new Exception[1];
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Exception e) {
        failure[0] = e;
      }
    });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    Derm7ptRelease release = Derm7ptRelease.open(Path.of(args[1]));
    List<LesionCase> cases = release.split(Split.parse(args[2]));
    try (TrainedModel model = TrainedModel.load(run)) {
      onFreshThread(() -> {
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        List<CaseInput> inputs = cases.stream().map(c -> CaseInput.of(release, c)).toList();
        model.inferer().predict(inputs.subList(0, 16), null);  // warm-up
        long t = System.nanoTime();
        model.inferer().predict(inputs, null);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf("OFFLINE batch_cases_per_s=%.2f cases=%d members=%d views=%d seconds=%.1f%n",
            cases.size() / s, cases.size(), model.size(), model.inferer().spec().views() + 1, s);
      });
    }
    byte[] clinicBytes = Files.readAllBytes(Path.of(args[3]));
    byte[] dermBytes = Files.readAllBytes(Path.of(args[4]));
    BufferedImage clinic = UploadDecoder.decode(clinicBytes, "clinic", ImageLimits.DEFAULT);
    BufferedImage derm = UploadDecoder.decode(dermBytes, "derm", ImageLimits.DEFAULT);
    try (TrainedModelPredictor predictor = TrainedModelPredictor.load(run, true)) {
      for (boolean explain : new boolean[] {false, true}) {
        onFreshThread(() -> {
          List<CaseRequest> one = List.of(new CaseRequest(clinic, derm, "female", "back", "flat", explain, clinicBytes, dermBytes));
          predictor.predict(one);
          List<Double> ms = new ArrayList<>();
          for (int i = 0; i < 15; i++) {
            long t = System.nanoTime();
            predictor.predict(one);
            ms.add((System.nanoTime() - t) / 1e6);
          }
          Collections.sort(ms);
          System.out.printf("OFFLINE one_case_ms=%.1f explain=%s (median of %d)%n", ms.get(ms.size() / 2), explain, ms.size());
        });
      }
    }
  }
}
