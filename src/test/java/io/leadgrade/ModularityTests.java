package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import io.leadgrade.leads.LeadService;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the feature packages honest: no module reaches into another's internals, and there are no cycles. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(LeadGradeApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    /**
     * Issue 19's one writer per document, for the lead: outside the {@code leads} module, {@link LeadService} is
     * read, never written through. Another module that needs a lead stored hands it to the module's own door
     * ({@code LeadImport} for a file) or tells it what happened with an event.
     */
    @Test
    void noModuleButLeadsWritesThroughLeadService() {
        Set<String> reads = Set.of("get", "gradingAt", "search", "stream", "history");
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadgrade");
        ArchRuleDefinition.noClasses()
                .that()
                .resideOutsideOfPackage("io.leadgrade.leads..")
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "a LeadService method other than " + reads,
                        (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(LeadService.class)
                                && !reads.contains(call.getName())))
                .check(production);
    }

    @Test
    void writesModuleDiagrams() {
        Documenter documenter = new Documenter(modules);
        documenter.writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

        Path diagrams = Path.of("target", "spring-modulith-docs");
        assertThat(diagrams.resolve("components.puml")).isNotEmptyFile();
        assertThat(diagrams.resolve("module-grading.puml")).isNotEmptyFile();
    }
}
