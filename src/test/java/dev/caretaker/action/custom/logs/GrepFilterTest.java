package dev.caretaker.action.custom.logs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What grep= accepts: literals, safe regular expressions; what it refuses, in one sentence each. */
class GrepFilterTest {

    private static GrepFilter filter(String grep) {
        GrepFilter.Parsed p = GrepFilter.parse(grep);
        assertEquals(java.util.Optional.empty(), p.problem(), grep);
        return p.filter().orElseThrow();
    }

    private static String problem(String grep) {
        return GrepFilter.parse(grep).problem().orElseThrow(() -> new AssertionError(grep + " was accepted"));
    }

    @Test
    void aLiteralIsLookedForIgnoringCaseAndItsCharactersMeanNothing() {
        assertTrue(filter("Timeout").matches("upstream TIMEOUT after 30s"));
        assertTrue(filter("$(id)").matches("GET /?q=$(id)"));
        assertFalse(filter("a.c").matches("abc"));
        assertTrue(filter("/").matches("GET /"));
        assertTrue(filter("/i").matches("a /i b"));
    }

    @Test
    void betweenSlashesItIsARegularExpressionAndASuffixedIIgnoresCase() {
        assertTrue(filter("/5\\d\\d/").matches("status=503"));
        assertFalse(filter("/5\\d\\d/").matches("status=200"));
        assertFalse(filter("/error/").matches("ERROR"));
        assertTrue(filter("/error/i").matches("ERROR"));
    }

    @Test
    void commonPatternsPassTheShapeCheck() {
        for (String ok : List.of("/timeout|refused/", "/user=\\w+/", "/(GET|POST) \\/api/", "/[a-z]+@[a-z]+/",
                "/(?i)error/", "/\\(x+\\)+/", "/[(]a+[)]+/", "/(ab)+c/", "/(a?)b/", "/\\Q(a+)+\\E/", "/x{2}(y{1})*/")) {
            filter(ok);
        }
    }

    @Test
    void shapesThatBacktrackWithoutEndAreRefused() {
        String nested = "`grep` repeats a group that itself repeats or has alternatives, like (a+)+ or (a|b)*, which "
                + "can take forever; write it without the outer repeat.";
        for (String bad : List.of("/(a+)+/", "/(a*)*/", "/((a)+)+$/", "/(a|b)*/", "/(\\w+\\s?)*$/", "/(a{2,})+/",
                "/(x+x+)+y/", "/(?:a|aa){2,}/", "/(a?)+/", "/(a{1,3})*/")) {
            assertEquals(nested, problem(bad), bad);
        }
        assertEquals("`grep` may not use back-references (\\1, \\k<name>); they can take forever on long lines.",
                problem("/(a)\\1/"));
        assertEquals("`grep` may not use back-references (\\1, \\k<name>); they can take forever on long lines.",
                problem("/(?<x>a)\\k<x>/"));
    }

    @Test
    void emptyLongAndInvalidPatternsAreOneSentence() {
        assertEquals("`grep` is empty; give a word to look for, or a regular expression between slashes like "
                + "/time(d )?out/.", problem("//"));
        assertEquals("`grep` is longer than 200 characters; look for a shorter word or pattern.", problem("x".repeat(201)));
        assertEquals("`grep` is not a valid regular expression (Unclosed group); without the slashes it is looked for "
                + "as plain text.", problem("/(a/"));
    }

    @Test
    void everyCharacterReadCountsAgainstTheBudget() {
        GrepFilter f = filter("/b$/");
        assertFalse(f.matches("aaaa"));
        assertTrue(f.spent() > 0 && f.spent() < 100, "spent " + f.spent());
    }
}
