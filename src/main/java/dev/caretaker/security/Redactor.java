package dev.caretaker.security;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it leaves the process (replies, audit, logs): platform tokens,
 * passwords in URLs, {@code password=}/{@code token=}/{@code aws_secret_access_key=} pairs, AWS access key ids,
 * bearer tokens, private keys, {@code "token":"…"} and other secret-named JSON fields, and the token in a Discord
 * interaction or webhook URL.
 */
@Singleton
public final class Redactor {

    public static final String MASK = "****";

    private static final List<Pattern> PATTERNS = List.of(
            // JSON a library logs whole: "token":"…" (Discord's interaction token), "client_secret":"…", also escaped
            Pattern.compile("(?i)(\\\\?\"[a-z_-]*(?:token|password|passwd|secret)\\\\?\"\\s*:\\s*\\\\?\")[^\"\\\\]*(\\\\?\")"),
            // an interaction's or a webhook's token in a Discord URL path: /interactions/<id>/<token>/callback
            Pattern.compile("(/(?:interactions|webhooks)/\\d{5,}/)[A-Za-z0-9._-]{20,}"),
            Pattern.compile("xox[abprs]-[A-Za-z0-9-]{6,}"),
            Pattern.compile("xapp-[A-Za-z0-9-]{6,}"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|secret[_-]?access[_-]?key)\\s*[=:]\\s*)"
                    + "[^\\s,;&\"']+"),
            // AWS access key ids (the secret key is caught by its name above: aws_secret_access_key=...)
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
            Pattern.compile("(://[^:/@\\s]+:)[^@\\s]+(@)"),
            Pattern.compile("[MN][A-Za-z\\d]{23,25}\\.[\\w-]{6}\\.[\\w-]{27,}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"));

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(out);
            if (!m.find()) {
                continue;   // the usual case: nothing to mask, and the very same string goes on
            }
            StringBuilder sb = new StringBuilder();
            do {
                String replacement = switch (m.groupCount()) {
                    case 0 -> MASK;
                    case 1 -> m.group(1) + MASK;
                    default -> m.group(1) + MASK + m.group(2);
                };
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            } while (m.find());
            m.appendTail(sb);
            out = sb.toString();
        }
        return out;
    }
}
