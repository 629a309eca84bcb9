package org.dermmgmt.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the data: data → model → infer → train → eval/report, with cli on top.
 * README's "Code layout" describes the same graph; a violation fails here, not in review.
 */
class LayeringTest {
  static JavaClasses classes;
  /** The benchmark and backbone-check commands (and their nested classes) run raw networks on purpose. */
  static final String RAW_NETWORK_COMMANDS = "org\\.dermmgmt\\.cli\\.(BenchCommand|BackboneCheckCommand|ResNetBench|ResNetCheck)(\\$.*)?";

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.dermmgmt");
  }

  @Test
  void dataDependsOnNoLaterLayer() {
    noClasses().that().resideInAPackage("org.dermmgmt.data..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.model..", "org.dermmgmt.infer..", "org.dermmgmt.train..", "org.dermmgmt.eval..",
            "org.dermmgmt.report..", "org.dermmgmt.cli..", "ai.djl..")
        .check(classes);
  }

  @Test
  void evalImportsOnlyData() {
    noClasses().that().resideInAPackage("org.dermmgmt.eval..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.model..", "org.dermmgmt.infer..", "org.dermmgmt.train..", "org.dermmgmt.report..",
            "org.dermmgmt.cli..", "ai.djl..")
        .check(classes);
  }

  @Test
  void modelKnowsNoDatasetsRunsOrTraining() {
    noClasses().that().resideInAPackage("org.dermmgmt.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.infer..", "org.dermmgmt.train..", "org.dermmgmt.eval..", "org.dermmgmt.report..",
            "org.dermmgmt.cli..", "org.dermmgmt.data.synthetic..")
        .check(classes);
  }

  @Test
  void inferNeverImportsTrainingOrItsUsers() {
    noClasses().that().resideInAPackage("org.dermmgmt.infer..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.train..", "org.dermmgmt.report..", "org.dermmgmt.cli..", "org.dermmgmt.interop..")
        .check(classes);
  }

  /** The decision layer works on probabilities and cases, not on networks or runs. */
  @Test
  void decideImportsOnlyDataEvalAndIo() {
    noClasses().that().resideInAPackage("org.dermmgmt.decide..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.model..", "org.dermmgmt.infer..", "org.dermmgmt.train..", "org.dermmgmt.report..",
            "org.dermmgmt.cli..", "org.dermmgmt.interop..", "ai.djl..")
        .check(classes);
  }

  /** FHIR is written from the decision layer's plain records only. */
  @Test
  void interopImportsOnlyDecideAndData() {
    noClasses().that().resideInAPackage("org.dermmgmt.interop..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.dermmgmt.model..", "org.dermmgmt.infer..", "org.dermmgmt.train..", "org.dermmgmt.eval..",
            "org.dermmgmt.io..", "org.dermmgmt.report..", "org.dermmgmt.cli..", "ai.djl..")
        .check(classes);
  }

  @Test
  void trainDoesNotImportReportOrCli() {
    noClasses().that().resideInAPackage("org.dermmgmt.train..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dermmgmt.report..", "org.dermmgmt.cli..")
        .check(classes);
  }

  @Test
  void nothingImportsCli() {
    noClasses().that().resideOutsideOfPackage("org.dermmgmt.cli..")
        .should().dependOnClassesThat().resideInAPackage("org.dermmgmt.cli..")
        .check(classes);
  }

  @Test
  void onlyModelInferAndTrainTouchDjlNetworkAndTrainingClasses() {
    // explain: Grad-CAM runs autograd through the loaded network by design.
    noClasses().that().resideOutsideOfPackages("org.dermmgmt.model..", "org.dermmgmt.infer..", "org.dermmgmt.train..",
            "org.dermmgmt.explain..")
        .and().haveNameNotMatching(RAW_NETWORK_COMMANDS)
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl.nn..", "ai.djl.training..")
        .check(classes);
  }

  @Test
  void onlyTheMobileNetBackboneNamesMobileNetTypes() {
    // Known debt: Grad-CAM (explain) still reaches MobileNetV2's pre-pool maps directly; the hook
    // belongs in the Backbone interface so that ResNet-50 streams can be explained too.
    noClasses().that().resideOutsideOfPackages("org.dermmgmt.model..", "org.dermmgmt.explain..")
        .and().haveNameNotMatching(RAW_NETWORK_COMMANDS)
        .should().dependOnClassesThat().haveSimpleName("MobileNetV2")
        .check(classes);
  }
}
