package io.leadgrade.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file of one ruleset, keyed by its path relative to the rules folder ("/" separated), and the content hash
 * that names the ruleset version.
 */
public record RulesetFiles(Map<String, byte[]> files) {

    public RulesetFiles {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    public static RulesetFiles read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new RulesFolderNotFoundException(folder);
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String relative = folder.relativize(path).toString().replace('\\', '/');
                if (!isHidden(relative)) {
                    files.put(relative, Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + folder.toAbsolutePath(), e);
        }
        return new RulesetFiles(files);
    }

    /** The first 12 hex digits of SHA-256 over every path and content, so equal folders get equal versions. */
    public String version() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((path, content) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static boolean isHidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.endsWith("~")) {
                return true;
            }
        }
        return false;
    }
}
