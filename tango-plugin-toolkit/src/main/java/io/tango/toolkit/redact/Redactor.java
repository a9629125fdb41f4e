package io.tango.toolkit.redact;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text that came from a server or is about to be shown: every known secret becomes {@code ****},
 * as does the password of any URL ({@code https://user:pw@host} becomes {@code https://user:****@host}).
 *
 * <p>{@link #excerpt} masks <em>before</em> it cuts, so a secret straddling the cut point never shows, not even in part.
 * Immutable and thread-safe.
 */
public final class Redactor {
    /** What a secret is replaced by. */
    public static final String MASK = "****";
    private static final Redactor NONE = new Redactor(List.of());
    /** {@code scheme://user:password@}: the password is everything between the first ':' and the '@'. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@]*):[^\\s/@]*@");

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        // Longest first: a secret containing another is masked whole.
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(secret -> !secret.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /**
     * @param secrets the values to mask; null and empty ones are ignored
     * @return a redactor masking them and URL passwords
     */
    public static Redactor of(List<String> secrets) {
        return new Redactor(List.copyOf(Objects.requireNonNull(secrets, "secrets is null")));
    }

    /** @return a redactor masking URL passwords only */
    public static Redactor none() {
        return NONE;
    }

    /**
     * @param text any text; null stays null
     * @return it with every secret and URL password replaced by {@link #MASK}
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return stripUrlPasswords(masked);
    }

    /**
     * @param text any text
     * @param maxLength the most characters to keep
     * @return it masked, stripped and then cut to {@code maxLength} characters followed by {@code …} when longer
     */
    public String excerpt(String text, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        }
        String masked = mask(Objects.requireNonNull(text, "text is null").strip());
        return masked.length() <= maxLength ? masked : masked.substring(0, maxLength) + "…";
    }

    /**
     * @param text any text
     * @return it with the password of every URL in it replaced by {@link #MASK}
     */
    public static String stripUrlPasswords(String text) {
        Matcher matcher = URL_PASSWORD.matcher(Objects.requireNonNull(text, "text is null"));
        return matcher.find() ? matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + ":" + MASK + "@"))
                : text;
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
