package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and the pages under {@code docs/} stay navigable from a checkout: every relative
 * Markdown link points at a file or directory that exists inside the repository, and the README
 * stays short enough to read at a glance (at most {@value #README_MAX_LINES} lines).
 *
 * <p>Links to web addresses ({@code http:}, {@code https:}, {@code mailto:}) and links to an
 * anchor of the same page ({@code #...}) are not checked; a {@code #fragment} on a file link is
 * dropped and the file is checked. A link that leaves the repository fails even when its target
 * exists on this machine. Fenced code blocks hold no links. An inline code span that names a
 * Markdown file by a path (such as {@code `docs/gemm.md`}) is a reference too: it must name a
 * file inside the repository, relative to the page or to the repository root. Code spans with
 * placeholders ({@code <date-time>}, {@code *}) name files a run creates and are not checked.
 */
class DocumentationLinksTest {
    static final int README_MAX_LINES = 150;

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target}, a reference definition at the start of a line. */
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    /** The text of a code span that names a Markdown file by a path: at least one '/', no blanks or placeholders. */
    private static final Pattern FILE_PATH = Pattern.compile("[^\\s<>*{}$`]*/[^\\s<>*{}$`]*\\.md");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsResolvesInsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = documentationPages(root);
        assertTrue(pages.contains(root.resolve("README.md")), "no README.md in " + root);
        assertTrue(pages.size() > 1, "no Markdown pages under " + root.resolve("docs"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(root, page));
        }
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s):\n  " + String.join("\n  ", broken));
    }

    @Test
    void readmeIsAtMost150Lines() throws IOException {
        Path readme = repositoryRoot().resolve("README.md");
        int lines = Files.readAllLines(readme, StandardCharsets.UTF_8).size();
        assertTrue(lines <= README_MAX_LINES, readme + " has " + lines + " lines; at most " + README_MAX_LINES
                + " (details belong in docs/)");
    }

    /** The checker itself: it must see links where Markdown has them, and only there. */
    @Test
    void findsBrokenLinksAndIgnoresCodeWebAddressesAndAnchors(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/present.md"), "# present\n");
        Path page = root.resolve("docs/page.md");
        Files.writeString(page, String.join("\n",
                "[ok](present.md) and [ok with anchor](present.md#present) and ![img](../docs/present.md)",
                "[web](https://example.org/missing.md), [mail](mailto:someone@example.org), [anchor](#top)",
                "`[in code](missing-in-code.md)` and a bracket [0, 1) in prose; `report.md`, `runs/<run>/x.md`",
                "a path in code: `../docs/present.md`, `docs/present.md`, `../../shared/DESIGN.md`",
                "```",
                "[fenced](missing-in-fence.md)",
                "```",
                "[missing](missing.md) [escape](../../outside.md) [spaced](missing%20file.md)",
                "[ref]: also-missing.md",
                ""));

        List<String> broken = brokenLinks(root, page);

        assertEquals(5, broken.size(), String.join("\n", broken));
        assertTrue(broken.get(0).contains("../../shared/DESIGN.md -> outside the repository"), broken.get(0));
        assertTrue(broken.get(1).contains("missing.md"), broken.get(1));
        assertTrue(broken.get(2).contains("outside the repository"), broken.get(2));
        assertTrue(broken.get(3).contains("missing file.md"), broken.get(3));
        assertTrue(broken.get(4).contains("also-missing.md"), broken.get(4));
        assertFalse(String.join("\n", broken).contains("in-code") || String.join("\n", broken).contains("in-fence"));
    }

    /**
     * The checkout's root: the nearest directory, from the working directory up, holding
     * {@code README.md}, {@code docs/} and {@code pom.xml}. Maven runs this module's tests in
     * {@code bench/}, so that is normally its parent; running from the root works too.
     */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/ and pom.xml) at or above " + start);
    }

    /** README.md and every Markdown file directly under docs/, in name order. */
    static List<Path> documentationPages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** One line per link of {@code page} whose target does not exist inside {@code root}. */
    static List<String> brokenLinks(Path root, Path page) throws IOException {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String where = normalizedRoot.relativize(page.toAbsolutePath().normalize()) + ":" + (i + 1) + ": ";
            Matcher code = INLINE_CODE.matcher(line);
            while (code.find()) {
                String text = code.group(2).strip();
                if (FILE_PATH.matcher(text).matches()) {
                    String problem = codeReferenceProblem(normalizedRoot, page, text);
                    if (problem != null) {
                        broken.add(where + text + " -> " + problem);
                    }
                }
            }
            for (String target : targets(INLINE_CODE.matcher(line).replaceAll(""))) {
                String problem = problem(normalizedRoot, page, target);
                if (problem != null) {
                    broken.add(where + target + " -> " + problem);
                }
            }
        }
        return broken;
    }

    private static List<String> targets(String line) {
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(line);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher definition = REFERENCE_DEFINITION.matcher(line);
        if (definition.matches()) {
            targets.add(definition.group(1));
        }
        return targets;
    }

    /** Why {@code target}, linked from {@code page}, does not resolve, or null when it does (or is not checked). */
    private static String problem(Path root, Path page, String target) {
        String lower = target.toLowerCase(java.util.Locale.ROOT);
        if (target.isEmpty() || target.startsWith("#") || lower.startsWith("http://") || lower.startsWith("https://")
                || lower.startsWith("mailto:")) {
            return null;
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return "not a relative path";
        }
        String path = target;
        int cut = indexOfAny(path, '#', '?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved = (path.startsWith("/") ? root.resolve(path.substring(1)) : page.toAbsolutePath().getParent().resolve(path))
                .normalize();
        if (!resolved.startsWith(root)) {
            return "outside the repository (" + resolved + ")";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + root.relativize(resolved);
        }
        return null;
    }

    /** Like {@link #problem}, for a path in a code span: relative to the page or to the repository root. */
    private static String codeReferenceProblem(Path root, Path page, String path) {
        String fromPage = problem(root, page, path);
        if (fromPage == null || fromPage.startsWith("outside")) {
            return fromPage;
        }
        return problem(root, root.resolve("README.md"), path) == null ? null : fromPage;
    }

    private static int indexOfAny(String text, char a, char b) {
        int ia = text.indexOf(a), ib = text.indexOf(b);
        return ia < 0 ? ib : ib < 0 ? ia : Math.min(ia, ib);
    }
}
