package org.santegateway.agenda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreventionRulesTest {
    static final String HEAD = "version=test-1\nsource.s=A source\n" + PreventionRulesParser.HEADER + "\n";
    static final String RULE = "a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;Un libellé";

    static PreventionRules parse(String text) throws PreventionRulesException {
        return PreventionRules.parse(text, "rules.txt");
    }

    @Nested
    class Shipped {
        @Test
        void shippedTableShouldDeclareItsVersionAndSources() {
            PreventionRules rules = ShippedRules.RULES;

            assertThat(rules.version()).isEqualTo("2025-1");
            assertThat(rules.sources()).containsOnlyKeys("calendrier", "sein", "colorectal", "col");
            assertThat(rules.source("calendrier")).hasValueSatisfying(citation -> assertThat(citation)
                .startsWith("Calendrier des vaccinations et recommandations vaccinales 2025, ministère chargé de la santé"));
            assertThat(rules.rules()).hasSize(35);
        }

        @Test
        void onlyInfantVaccinationsShouldBeObligatory() {
            assertThat(ShippedRules.RULES.rules())
                .filteredOn(rule -> rule.requirement() == Requirement.OBLIGATORY)
                .allSatisfy(rule -> {
                    assertThat(rule.kind()).isEqualTo(PreventionKind.VACCINATION);
                    assertThat(rule.due()).isLessThan(Age.ofYears(2));
                });
        }

        @Test
        void screeningsShouldRepeatFromTheDayDoneAndEndAtTheProgrammesAges() {
            assertThat(ShippedRules.RULES.rules()).filteredOn(rule -> rule.kind() == PreventionKind.SCREENING)
                .extracting(rule -> rule.id() + " " + rule.sex().text() + " " + rule.due() + ".." + rule.until().orElseThrow()
                    + " " + rule.repetition())
                .containsExactly(
                    "depistage.col.cytologie F 25y..30y 1y,3y after-done",
                    "depistage.col.hpv F 30y..66y 5y after-done",
                    "depistage.sein F 50y..75y 2y after-done",
                    "depistage.colorectal any 50y..75y 2y after-done");
        }
    }

    @Nested
    class Format {
        @Test
        void parseShouldReadEveryFieldOfARule() throws PreventionRulesException {
            PreventionRules rules = parse("# comment\n\n" + HEAD
                + "x.first;SCREENING;RECOMMENDED;F;2018-01-01..2024-12-31;25y;30y;1y,3y after-done;-;s;Premier\n"
                + "  x.second ; VACCINATION ; OBLIGATORY ; M ; - ; 65y ; - ; 10y fixed-age ; after-last x.first +3y ; s ; Second  \n");

            assertThat(rules.version()).isEqualTo("test-1");
            assertThat(rules.rules()).hasSize(2);
            PreventionRule first = rules.rules().get(0);
            assertThat(first.born().toString()).isEqualTo("2018-01-01..2024-12-31");
            assertThat(first.repetition().intervals()).containsExactly(Age.ofYears(1), Age.ofYears(3));
            assertThat(first.line()).isEqualTo(6);
            PreventionRule second = rules.rules().get(1);
            assertThat(second.until()).isEmpty();
            assertThat(second.repetition().anchor()).isEqualTo(Repetition.Anchor.FIXED_AGE);
            assertThat(second.link()).isEqualTo(new RuleLink.AfterLast("x.first", Age.ofYears(3)));
            assertThat(second.label()).isEqualTo("Second");
        }

        @Test
        void parseShouldAcceptAByteOrderMarkAndWindowsLineEnds() throws PreventionRulesException {
            PreventionRules rules = parse("\uFEFF" + (HEAD + RULE + "\n").replace("\n", "\r\n"));

            assertThat(rules.rules()).extracting(PreventionRule::id).containsExactly("a.b");
        }

        @Test
        void parseShouldAcceptTheSameIdForDisjointCohorts() throws PreventionRulesException {
            PreventionRules rules = parse(HEAD
                + "a.b;VACCINATION;OBLIGATORY;any;2025-01-01..;2m;3m;-;-;s;Obligatoire\n"
                + "a.b;VACCINATION;RECOMMENDED;any;..2024-12-31;2m;3m;-;-;s;Recommandé\n");

            assertThat(rules.rules()).hasSize(2);
        }
    }

    @Nested
    class Refused {
        /** One bad rule on line 4, after the version, the source and the header. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a.b;VACCIN;RECOMMENDED;any;-;2m;3m;-;-;s;L                 | kind 'VACCIN': expected VACCINATION or SCREENING
            a.b;VACCINATION;MANDATORY;any;-;2m;3m;-;-;s;L              | requirement 'MANDATORY': expected OBLIGATORY or RECOMMENDED
            a.b;VACCINATION;RECOMMENDED;W;-;2m;3m;-;-;s;L              | sex 'W': expected F, M or any
            a.b;VACCINATION;RECOMMENDED;any;2025-13-01..;2m;3m;-;-;s;L | born '2025-13-01..': expected
            a.b;VACCINATION;RECOMMENDED;any;2025-01-01..2024-01-01;2m;3m;-;-;s;L | born '2025-01-01..2024-01-01': expected
            a.b;VACCINATION;RECOMMENDED;any;..;2m;3m;-;-;s;L           | born '..': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2 months;3m;-;-;s;L      | due '2 months': expected an age in months or years
            a.b;VACCINATION;RECOMMENDED;any;-;-2m;3m;-;-;s;L           | due '-2m': expected
            a.b;VACCINATION;RECOMMENDED;any;-;200y;-;-;-;s;L           | due '200y': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;2m;-;-;s;L            | until 2m is not after due 2m
            a.b;VACCINATION;RECOMMENDED;any;-;2y;1y;-;-;s;L            | until 1y is not after due 2y
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3w;-;-;s;L            | until '3w': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;every 2y;-;s;L     | repeat 'every 2y': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;2y;-;s;L           | repeat '2y': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;0y after-done;-;s;L | repeat '0y after-done': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;1y,,3y after-done;-;s;L | repeat '1y,,3y after-done': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;catch-up-of x.y;s;L | link to 'x.y', which no earlier line defines
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;catch-up-of a.b;s;L | a rule cannot link to itself
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;after-last x.y;s;L | link 'after-last x.y': expected
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;unknown;L      | source 'unknown' is not declared
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;             | no label
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;L;autre      | found 12 (a label may not contain ';')
            a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;s;L              | expected 11 fields
            A.B;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;L            | id 'A.B': lower-case letters
            a..b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;L           | id 'a..b'
            version=2;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;L      | id 'version=2'
            """)
        void parseShouldNameTheLineAndTheProblemOfABadRule(String line, String problem) {
            assertThatThrownBy(() -> parse(HEAD + line + "\n"))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith("rules.txt, line 4: ");
                });
        }

        @ParameterizedTest(name = "{2}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "source.s=S\\n"                                              | 1 | the first line that is not a comment must be version=
            "version=\\n"                                                | 1 | version '': letters, digits
            "version=2025 1\\n"                                          | 1 | version '2025 1'
            "version=1\\nversion=2\\n"                                   | 2 | version is given twice
            "version=1\\nsource.s=S\\nsource.s=T\\n"                     | 3 | source.s is given twice
            "version=1\\nsource.S=S\\n"                                  | 2 | a source line is source.<key>=<citation>
            "version=1\\nsource.s=\\n"                                   | 2 | source.s has no citation
            "version=1\\nsource.s\\n"                                    | 2 | a source line is source.<key>=<citation>
            "version=1\\nid;kind;requirement;sex;born;due;until;repeat;link;source;label\\n" | 2 | no source.<key>= line before the header
            "version=1\\nsource.s=S\\nid;kind;sex;due\\n"                | 3 | the header line must be exactly
            "version=1\\nsource.s=S\\nrules\\n"                          | 3 | expected source.<key>=<citation> or the header line
            "version=1\\nsource.s=S\\n"                                  | 0 | no header line
            "# nothing\\n"                                               | 0 | no version= line
            ""                                                           | 0 | no version= line
            """)
        void parseShouldNameTheLineAndTheProblemOfABadFile(String escaped, int line, String problem) {
            String text = escaped.replace("\\n", "\n");

            assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.problem()).contains(problem);
                });
        }

        @Test
        void parseShouldRefuseATableWithoutRules() {
            assertThatThrownBy(() -> parse(HEAD + "# to come\n"))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.getMessage()).isEqualTo("rules.txt: no rule"));
        }

        @Test
        void parseShouldRefuseAVersionLineAmongTheRules() {
            assertThatThrownBy(() -> parse(HEAD + RULE + "\nversion=2\n"))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.line()).isEqualTo(5));
        }

        @Test
        void parseShouldRefuseTheSameIdForOverlappingCohorts() {
            String text = HEAD
                + "a.b;VACCINATION;OBLIGATORY;any;2018-01-01..;2m;3m;-;-;s;Obligatoire\n"
                + "a.b;VACCINATION;RECOMMENDED;any;..2018-01-01;2m;3m;-;-;s;Recommandé\n";

            assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.problem()).contains("already defined on line 4 for an overlapping birth cohort");
                });
        }

        @Test
        void parseShouldRefuseACatchUpOfARepeatedRule() {
            String text = HEAD
                + "a.b;SCREENING;RECOMMENDED;any;-;50y;75y;2y after-done;-;s;Dépistage\n"
                + "a.c;SCREENING;RECOMMENDED;any;-;60y;75y;-;catch-up-of a.b;s;Rattrapage\n";

            assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.problem()).contains("a rule that repeats");
                });
        }

        @Test
        void parseShouldRefuseALinkToALaterLine() {
            String text = HEAD
                + "a.c;VACCINATION;RECOMMENDED;any;-;15y;27y;-;catch-up-of a.b;s;Rattrapage\n"
                + RULE + "\n";

            assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.line()).isEqualTo(4));
        }
    }

    @Nested
    class Loading {
        @TempDir
        Path directory;

        @Test
        void loadShouldRefuseAFileThatIsNotUtf8() throws IOException {
            Path file = directory.resolve("rules.txt");
            Files.write(file, (HEAD + "a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;Dipht\u00e9rie\n").getBytes(StandardCharsets.ISO_8859_1));

            assertThatThrownBy(() -> PreventionRules.load(file))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.getMessage()).isEqualTo("rules.txt: not UTF-8"));
        }

        @Test
        void loadShouldRefuseAFileLargerThanTheLimit() throws IOException {
            Path file = directory.resolve("rules.txt");
            Files.writeString(file, HEAD + ("# " + "x".repeat(1000) + "\n").repeat(300) + RULE + "\n");

            assertThatThrownBy(() -> PreventionRules.load(file))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.problem()).startsWith("larger than"));
        }

        @Test
        void loadShouldSayWhenTheFileCannotBeRead() {
            assertThatThrownBy(() -> PreventionRules.load(directory.resolve("missing.txt")))
                .isInstanceOfSatisfying(PreventionRulesException.class, e -> assertThat(e.getMessage())
                    .isEqualTo("missing.txt: cannot be read (NoSuchFileException)"));
        }

        @Test
        void loadShouldReadAFileWrittenInUtf8() throws IOException, PreventionRulesException {
            Path file = directory.resolve("rules.txt");
            Files.writeString(file, HEAD + "a.b;VACCINATION;RECOMMENDED;any;-;2m;3m;-;-;s;Diphtérie\n");

            assertThat(PreventionRules.load(file).rules()).extracting(PreventionRule::label).containsExactly("Diphtérie");
        }
    }

    @Nested
    class Values {
        @ParameterizedTest
        @CsvSource({"0m, 0", "2m, 2", "11m, 11", "1y, 12", "25y, 300", "130y, 1560"})
        void ageShouldReadMonthsAndYears(String text, int months) {
            assertThat(Age.parse(text)).contains(Age.ofMonths(months));
        }

        @ParameterizedTest
        @CsvSource({"''", "2", "y", "2 m", "2M", "+2m", "1.5y", "131y", "99999m"})
        void ageShouldRefuseAnythingElse(String text) {
            assertThat(Age.parse(text)).isEmpty();
        }

        @Test
        void repetitionShouldRepeatItsLastInterval() {
            Repetition cytology = Repetition.parse("1y,3y after-done").orElseThrow();

            assertThat(List.of(cytology.intervalAfter(1), cytology.intervalAfter(2), cytology.intervalAfter(7)))
                .containsExactly(Age.ofYears(1), Age.ofYears(3), Age.ofYears(3));
            assertThat(Repetition.parse("-")).contains(Repetition.NONE);
        }

        @Test
        void birthCohortsShouldIncludeBothEnds() {
            BirthCohort cohort = BirthCohort.parse("2018-01-01..2024-12-31").orElseThrow();

            assertThat(cohort.contains(java.time.LocalDate.parse("2018-01-01"))).isTrue();
            assertThat(cohort.contains(java.time.LocalDate.parse("2024-12-31"))).isTrue();
            assertThat(cohort.contains(java.time.LocalDate.parse("2017-12-31"))).isFalse();
            assertThat(cohort.contains(java.time.LocalDate.parse("2025-01-01"))).isFalse();
            assertThat(cohort.overlaps(BirthCohort.parse("2025-01-01..").orElseThrow())).isFalse();
            assertThat(cohort.overlaps(BirthCohort.parse("..2018-01-01").orElseThrow())).isTrue();
            assertThat(BirthCohort.parse("2025-01-01")).isEqualTo(Optional.empty());
        }
    }
}
