package io.leadgrade.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's code blocks, by section: the curl commands of its bash blocks and its JSON and YAML examples. */
final class Readme {

    /** A fenced block: its language, the section (## heading) it sits in, and its text. */
    record Block(String language, String section, String text) {}

    /** One curl command: method, path with query, and the JSON it sends inline (null for none or a file). */
    record Curl(String section, String method, String path, String body, String command) {

        boolean sendsFile() {
            return Pattern.compile("(?:--data-binary|--data|-d|-F)\\s+\\S*@")
                    .matcher(command)
                    .find();
        }

        boolean hasPlaceholder() {
            return path.contains("<") || path.contains("...");
        }
    }

    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
    private static final Pattern URL = Pattern.compile("(?:https?://)?localhost:8080(/[^\\s'\"]*)");
    private static final Pattern METHOD = Pattern.compile("-X\\s+(\\w+)");
    private static final Pattern BODY = Pattern.compile("(?s)(?:-d|--data(?:-raw)?)\\s+'(.*?)'");

    private final List<Block> blocks = new ArrayList<>();

    Readme(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            String before = text.substring(0, fence.start());
            int heading = before.lastIndexOf("\n## ");
            String section = heading < 0
                    ? ""
                    : before.substring(heading + 4, before.indexOf('\n', heading + 1))
                            .strip();
            blocks.add(new Block(fence.group(1), section, fence.group(2)));
        }
    }

    List<Block> blocks(String language) {
        return blocks.stream()
                .filter(block -> block.language().equals(language))
                .toList();
    }

    /** Every curl command of the bash blocks, in README order; a shell date substitution becomes an instant. */
    List<Curl> curls() {
        List<Curl> curls = new ArrayList<>();
        String now = Instant.now().minusSeconds(60).toString().replaceFirst("\\.\\d+Z$", "Z");
        for (Block block : blocks("bash")) {
            String text = block.text().replace("'$(date -u +%Y-%m-%dT%H:%M:%SZ)'", now);
            for (String command : commands(text)) {
                if (!command.startsWith("curl")) {
                    continue;
                }
                Matcher url = URL.matcher(command);
                if (!url.find()) {
                    continue;
                }
                Matcher body = BODY.matcher(command);
                String json = body.find() ? body.group(1) : null;
                Matcher method = METHOD.matcher(command);
                String verb =
                        method.find() ? method.group(1) : json != null || command.contains("--data") ? "POST" : "GET";
                curls.add(new Curl(block.section(), verb, url.group(1), json, command));
            }
        }
        return curls;
    }

    /** Shell commands: a line ends one unless it ends with a backslash or a single-quoted string is open. */
    private static List<String> commands(String text) {
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++; // a comment runs to the end of the line
                }
                continue;
            }
            if (c == '\n' && !quoted) {
                String line = command.toString().stripTrailing();
                if (line.endsWith("\\")) {
                    command.setLength(0);
                    command.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                if (!line.isBlank()) {
                    commands.add(line.strip());
                }
                command.setLength(0);
                continue;
            }
            command.append(c);
        }
        if (!command.toString().isBlank()) {
            commands.add(command.toString().strip());
        }
        return commands;
    }
}
