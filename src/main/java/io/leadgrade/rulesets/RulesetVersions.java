package io.leadgrade.rulesets;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.RulesetActivation;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.security.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Stores every activated ruleset version in MongoDB and keeps this instance on the version the shared pointer names,
 * so several instances on one database grade with the same rules. Changes of the local rules folder (at start or
 * while running) and API activations move the pointer; every instance follows it within the follow interval.
 */
@Service
class RulesetVersions {

    private static final Logger log = LoggerFactory.getLogger(RulesetVersions.class);
    static final String FOLDER = "rules folder";
    static final String UPLOAD = "upload";
    static final String API = "api";
    /** Who acts when no person does: start-up and the folder watcher. */
    static final String SYSTEM = "system";

    private final GradingService grading;
    private final AuditLog audit;
    private final RulesetVersionRepository versions;
    private final ActiveRulesetPointerRepository pointers;
    private final Clock clock;

    RulesetVersions(
            GradingService grading,
            RulesetVersionRepository versions,
            ActiveRulesetPointerRepository pointers,
            AuditLog audit,
            Clock clock) {
        this.audit = audit;
        this.grading = grading;
        this.versions = versions;
        this.pointers = pointers;
        this.clock = clock;
    }

    /**
     * At start the folder's ruleset is active. New content (a version never stored) becomes the shared active
     * version; content already known defers to the shared pointer, so restarting an instance never undoes a rollback.
     */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void syncAtStart() {
        GradingService.ActiveRuleset folder = grading.activeFiles();
        Optional<ActiveRulesetPointer> pointer = pointers.findById(ActiveRulesetPointer.ID);
        if (!versions.existsById(folder.version())) {
            store(folder, pointer.map(ActiveRulesetPointer::version).orElse(null), FOLDER, SYSTEM);
            point(folder.version(), FOLDER, SYSTEM);
        } else if (pointer.isEmpty()) {
            point(folder.version(), FOLDER, SYSTEM);
        } else {
            followPointer();
        }
    }

    /** Reloads the rules folder and, if its candidate is activated, stores it and moves the shared pointer. */
    synchronized RulesetActivation reloadFolder(String by) {
        GradingService.ActiveRuleset before = grading.activeFiles();
        RulesetActivation activation = grading.reload();
        audited("RULESET_RELOADED", activation, before.version());
        if (activation.status() == RulesetActivation.Status.ACTIVATED) {
            store(grading.activeFiles(), before, FOLDER, by);
            point(activation.version(), FOLDER, by);
        }
        return activation;
    }

    /** Activates an uploaded ruleset and, if it passes, stores it and moves the shared pointer. */
    synchronized RulesetActivation activateUploaded(RulesetFiles files, String by) {
        GradingService.ActiveRuleset before = grading.activeFiles();
        RulesetActivation activation = grading.activate(files);
        audited("RULESET_UPLOADED", activation, before.version());
        if (activation.status() == RulesetActivation.Status.ACTIVATED) {
            store(grading.activeFiles(), before, UPLOAD, by);
            point(activation.version(), UPLOAD, by);
        }
        return activation;
    }

    /** Activates a stored version (rollback or roll forward) here, and moves the pointer for every instance. */
    synchronized RulesetActivation activateStored(String version, String by) {
        RulesetVersion stored = versions.findById(version).orElseThrow(() -> new RulesetNotFoundException(version));
        String before = grading.activeRuleset().version();
        RulesetActivation activation = grading.activate(stored.toFiles());
        audited("RULESET_ACTIVATED", activation, before);
        if (!activation.rejected()) {
            point(version, API, by);
        }
        return activation;
    }

    /** Records an upload, reload or activation (a rollback when it names an older version) with its outcome. */
    private void audited(String action, RulesetActivation activation, String before) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", activation.status().name());
        details.put("previousVersion", before);
        details.put("problems", activation.problems().size());
        details.put("failedTests", activation.failedTests().size());
        audit.record(action, "ruleset:" + activation.version(), details);
    }

    /** Brings this instance to the version the shared pointer names, if it is not there already. */
    @Scheduled(fixedDelayString = "${leadgrade.rules.follow-interval:2s}")
    synchronized void followPointer() {
        pointers.findById(ActiveRulesetPointer.ID)
                .filter(pointer ->
                        !pointer.version().equals(grading.activeRuleset().version()))
                .flatMap(pointer -> versions.findById(pointer.version()))
                .ifPresent(stored -> {
                    RulesetActivation activation = grading.activate(stored.toFiles());
                    log.info("Following the shared active ruleset {}: {}", stored.version(), activation.status());
                });
    }

    Optional<ActiveRulesetPointer> pointer() {
        return pointers.findById(ActiveRulesetPointer.ID);
    }

    List<RulesetVersion> list() {
        return versions.findAllWithoutFiles(Sort.by(Sort.Direction.DESC, "createdAt"));
    }

    RulesetVersion get(String version) {
        return versions.findById(version).orElseThrow(() -> new RulesetNotFoundException(version));
    }

    private void store(
            GradingService.ActiveRuleset ruleset, GradingService.ActiveRuleset before, String source, String by) {
        store(ruleset, before.version(), before.files().files(), before.ruleNames(), source, by);
    }

    private void store(GradingService.ActiveRuleset ruleset, String previousVersion, String source, String by) {
        Optional<RulesetVersion> previous =
                previousVersion == null ? Optional.empty() : versions.findById(previousVersion);
        store(
                ruleset,
                previousVersion,
                previous.map(version -> version.toFiles().files()).orElse(Map.of()),
                previous.map(version -> Set.copyOf(version.ruleNames())).orElse(Set.of()),
                source,
                by);
    }

    private void store(
            GradingService.ActiveRuleset ruleset,
            String previousVersion,
            Map<String, byte[]> previousFiles,
            Set<String> previousRules,
            String source,
            String by) {
        if (versions.existsById(ruleset.version())) {
            return;
        }
        RulesetFiles files = ruleset.files();
        versions.save(new RulesetVersion(
                ruleset.version(),
                RulesetVersion.filesOf(files),
                List.copyOf(ruleset.ruleNames()),
                clock.instant(),
                source,
                by,
                previousVersion,
                ChangeSummary.between(previousFiles, previousRules, files.files(), ruleset.ruleNames())));
    }

    private void point(String version, String source, String by) {
        pointers.save(ActiveRulesetPointer.to(version, clock.instant(), source, by));
    }
}
