package io.leadgrade.rulesets;

import io.leadgrade.grading.RulesProperties;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches the rules folder (sub-folders included) and asks grading to reload once the folder has been quiet for a
 * moment. A candidate that fails is rejected by grading; the last good version keeps grading.
 */
@Component
class RulesFolderWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RulesFolderWatcher.class);

    private final Path folder;
    private final WatchProperties properties;
    private final RulesetVersions versions;
    private volatile WatchService watcher;

    RulesFolderWatcher(RulesProperties rules, WatchProperties properties, RulesetVersions versions) {
        this.folder = rules.path();
        this.properties = properties;
        this.versions = versions;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
            registerTree(folder);
        } catch (IOException e) {
            log.warn("Cannot watch {} for rule changes ({}); use POST /api/rulesets/reload", folder, e.getMessage());
            return;
        }
        Thread thread = new Thread(this::watch, "rules-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        WatchService running = watcher;
        watcher = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                log.debug("closing the rules watcher", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }

    private void watch() {
        try {
            while (watcher != null) {
                WatchKey key = watcher.take();
                drain(key);
                // Wait until the folder is quiet, collecting the rest of the burst of events.
                WatchKey more;
                while ((more = watcher.poll(properties.quietPeriod().toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                versions.reloadFolder(RulesetVersions.SYSTEM);
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The rules watcher stopped; POST /api/rulesets/reload still works", e);
        }
    }

    private void drain(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    && event.context() instanceof Path name
                    && Files.isDirectory(dir.resolve(name))) {
                try {
                    registerTree(dir.resolve(name));
                } catch (IOException e) {
                    log.warn("Cannot watch new folder {}: {}", dir.resolve(name), e.getMessage());
                }
            }
        }
        key.reset();
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                dir.register(
                        watcher,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }
}
