package io.tango.runtime.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** Finds the known name nearest to a mistyped one, for "Did you mean …?" hints. */
public final class Suggestions {
    /** Shorter fragments ({@code id}, {@code ur}) are inside too many names to point at one. */
    private static final int MIN_FRAGMENT = 3;

    private Suggestions() {}

    /**
     * @param given what the user wrote
     * @param known the valid names
     * @return the nearest valid name, if one is close enough to be a likely typo (edit distance at most a third of
     *     its length, and at least 1 for short names); else the only valid name that ends with what was written
     *     ({@code password} for {@code tracking_password}), else the only one that contains it; all compared
     *     case-insensitively, fragments of fewer than {@value #MIN_FRAGMENT} letters never matched
     */
    public static Optional<String> nearest(String given, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String needle = given.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int limit = Math.max(1, Math.max(given.length(), best.length()) / 3);
        if (bestDistance <= limit) {
            return Optional.of(best);
        }
        if (needle.length() < MIN_FRAGMENT) {
            return Optional.empty();
        }
        return only(known, candidate -> candidate.endsWith(needle))
                .or(() -> only(known, candidate -> candidate.contains(needle)));
    }

    /** The one name matching, compared in lower case: with several, none is more likely than the others. */
    private static Optional<String> only(Collection<String> known, Predicate<String> matches) {
        List<String> found = known.stream().filter(candidate -> matches.test(candidate.toLowerCase(Locale.ROOT))).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** @return " Did you mean 'x'?" or "" */
    public static String didYouMean(String given, Collection<String> known) {
        return nearest(given, known).map(name -> " Did you mean '" + name + "'?").orElse("");
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of two neighbours counts once. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
