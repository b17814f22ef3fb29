package io.leadgrade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the default ruleset that a test may edit. */
public final class RulesFolders {

    /** A rule that adds 5 fit points to leads whose "partner" attribute is "yes"; no default rule test reaches it. */
    public static final String PARTNER_RULE = """
            package leadgrade.rules;

            import io.leadgrade.grading.engine.ScoreCard;

            rule "Partner referral"
            when
                $card : ScoreCard( lead.attribute("partner") == "yes" )
            then
                $card.addFit( drools, 5 );
            end
            """;

    private RulesFolders() {}

    public static Path copyDefaultRules(Path target) {
        Path source = Path.of("rules");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void replaceIn(Path file, String text, String replacement) {
        try {
            String content = Files.readString(file);
            if (!content.contains(text)) {
                throw new IllegalArgumentException(file + " does not contain " + text);
            }
            Files.writeString(file, content.replace(text, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
