package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    @Test
    void writesModuleDiagrams() {
        Documenter documenter = new Documenter(modules);
        documenter.writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

        Path diagrams = Path.of("target", "spring-modulith-docs");
        assertThat(diagrams.resolve("components.puml")).isNotEmptyFile();
        assertThat(diagrams.resolve("module-grading.puml")).isNotEmptyFile();
    }
}
