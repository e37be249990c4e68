package org.emon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;

import org.emon.itests.DocExamples.Command;
import org.emon.itests.DocExamples.Kind;
import org.junit.Test;

/** The rules by which EmonDistributionTest finds the console examples it runs (no Karaf needed). */
public class DocExamplesTest {

    @Test
    public void promptedAndBareBlockLinesAndCodeSpansAreFoundTemplatesAndNamesAreTold() {
        List<Command> found = DocExamples.in("x.md", List.of(
                "Run `emon:energy --resolution day 21` or just `emon:status`; see `emon:import <path>`.",
                "```",
                "karaf@root()> emon:collect -i 900 -m 21",
                "3 tables up to date",
                "emon: created user 'admin' (role admin)",
                "emon:sources",
                "feature:install emon",
                "```",
                "| `emon:user-role <name> <viewer\\|admin>` | changes the role |",
                "`emon:collect [-i SECONDS]`, `emon:user-*`, `bin/client`"));

        assertThat(found).extracting(Command::text, Command::kind, Command::line).containsExactly(
                tuple("emon:energy --resolution day 21", Kind.EXAMPLE, 1),
                tuple("emon:status", Kind.NAME, 1),
                tuple("emon:import <path>", Kind.TEMPLATE, 1),
                tuple("emon:collect -i 900 -m 21", Kind.EXAMPLE, 3),
                tuple("emon:sources", Kind.EXAMPLE, 6),
                tuple("emon:user-role <name> <viewer\\|admin>", Kind.TEMPLATE, 9),
                tuple("emon:collect [-i SECONDS]", Kind.TEMPLATE, 10),
                tuple("emon:user-*", Kind.TEMPLATE, 10));
    }

    @Test
    public void theDocsExamplesIncludeTheEnergyQueriesWithTheMeterLast() throws Exception {
        List<String> examples = DocExamples.in(Path.of(System.getProperty(Containers.DOCS_ROOT_PROPERTY))).stream()
                .filter(c -> c.kind() == Kind.EXAMPLE).map(Command::text).toList();
        assertThat(examples).contains("emon:status", "emon:energy --resolution day --from 2026-11-01 21",
                "emon:energy --resolution tariff --from 2025-04-01 --to 2025-05-01 --tz Europe/Amsterdam 21");
    }
}
