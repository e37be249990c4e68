package org.emon.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The emon console commands that README.md and docs/*.md show, found by these rules:
 * <ul>
 * <li>in a fenced code block, a line that starts with the prompt {@code karaf@root()> } (the
 * prompt is not part of the command) or with an emon command ({@code emon:} and its name);</li>
 * <li>in running text, a code span that starts with an emon command.</li>
 * </ul>
 * Each is one of three kinds: a {@link Kind#TEMPLATE} holds a synopsis mark ({@code <...>} to fill
 * in, {@code [...]} to leave out, {@code |} between choices, {@code *} for several commands) and
 * is no example; a code span of a command's name alone is a {@link Kind#NAME}; every other one
 * is an {@link Kind#EXAMPLE} that must run as written.
 */
final class DocExamples {

    static final String PROMPT = "karaf@root()> ";
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    /** A command: its scope and name, e.g. {@code emon:status} (so that {@code emon: created ...} output is none). */
    private static final Pattern COMMAND = Pattern.compile("emon:[a-z].*");
    private static final Pattern SYNOPSIS = Pattern.compile("[<>\\[\\]|*]");

    enum Kind { EXAMPLE, NAME, TEMPLATE }

    record Command(String file, int line, String text, Kind kind) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private DocExamples() {
    }

    /** The commands of README.md and docs/*.md under {@code root}, in reading order. */
    static List<Command> in(Path root) throws IOException {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Command> commands = new ArrayList<>();
        for (Path file : files) {
            commands.addAll(in(root.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        return commands;
    }

    static List<Command> in(String file, List<String> lines) {
        List<Command> commands = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock) {
                String text = line.startsWith(PROMPT) ? line.substring(PROMPT.length()) : line;
                if (COMMAND.matcher(text).matches()) {
                    commands.add(new Command(file, i + 1, text.strip(), kind(text.strip(), false)));
                }
            } else {
                Matcher span = CODE_SPAN.matcher(line);
                while (span.find()) {
                    String text = span.group(1).strip();
                    if (COMMAND.matcher(text).matches()) {
                        commands.add(new Command(file, i + 1, text, kind(text, true)));
                    }
                }
            }
        }
        return commands;
    }

    private static Kind kind(String text, boolean inText) {
        if (SYNOPSIS.matcher(text).find()) {
            return Kind.TEMPLATE;
        }
        return inText && !text.contains(" ") ? Kind.NAME : Kind.EXAMPLE;
    }
}
