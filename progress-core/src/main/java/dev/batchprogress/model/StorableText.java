package dev.batchprogress.model;

/**
 * The rule for names that runs are stored and queried under: no control character and no unpaired
 * surrogate. A query string with either is rejected as undecodable, and databases cannot store a
 * NUL character or an unpaired surrogate faithfully, so a name with one could be recorded but never
 * found again.
 */
public final class StorableText {

    private StorableText() {}

    /**
     * Returns whether a text has no control character and no unpaired surrogate.
     *
     * @param text the text
     * @return whether a database and a log line can hold the text as it is
     */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a name against the rule.
     *
     * @param text the name
     * @param what what the name is, for the message, such as {@code organization of run 0x…}
     * @return the name
     * @throws IllegalArgumentException if it has a control character or an unpaired surrogate
     */
    public static String requireStorable(String text, String what) {
        if (!isStorable(text)) {
            throw new IllegalArgumentException(
                    what
                            + " contains a control character or an unpaired surrogate; expected"
                            + " printable text, since such a name could not be stored or queried");
        }
        return text;
    }
}
