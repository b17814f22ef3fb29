package io.leadgrade.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Before anything starts, checks that no other process holds the embedded store's file: the second process on a
 * folder then ends with {@link StoreFolderInUseException}'s one line, before Spring creates a bean (a failure while
 * creating them is logged a second time, with the exception chain). {@link EmbeddedMongoServer} still finds a lock
 * taken between this check and its start.
 */
class StoreFolderCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (EmbeddedStoreCondition.StoreMode.of(environment) != EmbeddedStoreCondition.StoreMode.EMBEDDED) {
            return;
        }
        Path folder = Path.of(environment.getProperty("leadgrade.store.embedded.path", "./data"));
        Path file = folder.resolve(EmbeddedMongoServer.FILE_NAME);
        if (Files.isRegularFile(file) && locked(file)) {
            throw new StoreFolderInUseException(folder, EmbeddedMongoServer.ownerUri(folder), null);
        }
    }

    /** Whether another process (or this one) holds the lock H2 takes on the file while it has the file open. */
    private static boolean locked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            try (FileLock lock = channel.tryLock()) {
                return lock == null;
            } catch (OverlappingFileLockException heldHere) {
                return true;
            }
        } catch (IOException unreadable) {
            return false; // the store's own start reports what is wrong with the file
        }
    }

    /** After the configuration files are read: the folder may be set in application.yml. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
