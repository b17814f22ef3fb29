package io.leadgrade.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.bson.BsonValue;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every command the application's driver sends to the store, with its collection and the thread that sent it: what a
 * test counts to hold an operation to its write budget. The driver calls a command listener on the sending thread,
 * so a request's commands are those of its server thread and a job's those of the job thread.
 */
public final class StoreCommands implements CommandListener {

    /** One command: its name ("insert", "update", "find", ...), its collection, and the sending thread. */
    public record Command(String name, String collection, String thread) {

        @Override
        public String toString() {
            return name + " " + collection;
        }
    }

    private final List<Command> sent = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonValue target = event.getCommand().get(event.getCommandName());
        String collection =
                target != null && target.isString() ? target.asString().getValue() : null;
        sent.add(new Command(
                event.getCommandName(), collection, Thread.currentThread().getName()));
    }

    /** The commands sent while {@code work} ran, by threads the filter accepts. */
    public List<Command> during(Runnable work, Predicate<String> threads) {
        int from = sent.size();
        work.run();
        List<Command> seen = new ArrayList<>();
        for (Command command : sent.subList(from, sent.size())) {
            if (threads.test(command.thread())) {
                seen.add(command);
            }
        }
        return seen;
    }

    /** Registers the listener with the application's MongoDB client. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Registration {

        @Bean
        StoreCommands storeCommands() {
            return new StoreCommands();
        }

        @Bean
        MongoClientSettingsBuilderCustomizer countCommands(StoreCommands commands) {
            return settings -> settings.addCommandListener(commands);
        }
    }
}
