package io.leadgrade.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when no MongoDB server is configured: neither {@code spring.mongodb.uri}/{@code host} nor MONGODB_URI. */
class EmbeddedStoreCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StoreMode.of(context.getEnvironment()) == StoreMode.EMBEDDED;
    }

    enum StoreMode {
        /** Spring Boot's own properties name the server. */
        SPRING_PROPERTIES,
        /** The MONGODB_URI environment variable names the server. */
        MONGODB_URI,
        EMBEDDED;

        static StoreMode of(Environment environment) {
            if (hasText(environment, "spring.mongodb.uri") || hasText(environment, "spring.mongodb.host")) {
                return SPRING_PROPERTIES;
            }
            if (hasText(environment, "MONGODB_URI")) {
                return MONGODB_URI;
            }
            return EMBEDDED;
        }

        private static boolean hasText(Environment environment, String key) {
            String value = environment.getProperty(key);
            return value != null && !value.isBlank();
        }
    }

    /** True when a MongoDB server is configured (the opposite of the embedded store). */
    static class Server implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StoreMode.of(context.getEnvironment()) != StoreMode.EMBEDDED;
        }
    }

    /** True when the server is named by the MONGODB_URI environment variable alone. */
    static class MongodbUri implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StoreMode.of(context.getEnvironment()) == StoreMode.MONGODB_URI;
        }
    }
}
