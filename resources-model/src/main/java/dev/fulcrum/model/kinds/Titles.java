package dev.fulcrum.model.kinds;

/**
 * Makes a human title from a field name the way Turnilo does: {@code countryIsoCode} becomes
 * {@code Country Iso Code}, {@code cityName_1} becomes {@code City Name 1}, {@code __time} becomes {@code Time}.
 */
final class Titles {
    private Titles() {
    }

    static String fromName(String name) {
        String trimmed = stripSeparators(name);
        StringBuilder words = new StringBuilder(trimmed.length() + 8);
        boolean upperNext = true;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (isSeparator(c)) {
                int end = i;
                while (end < trimmed.length() && isSeparator(trimmed.charAt(end))) {
                    end++;
                }
                words.append(' ');
                i = end - 1;
                upperNext = true;
                continue;
            }
            if (words.length() > 0 && Character.isUpperCase(c)) {
                char previous = words.charAt(words.length() - 1);
                if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
                    words.append(' ');
                }
            }
            words.append(upperNext ? Character.toUpperCase(c) : c);
            upperNext = false;
        }
        return words.toString();
    }

    private static String stripSeparators(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (isSeparator(name.charAt(start)) || name.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (isSeparator(name.charAt(end - 1)) || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.substring(start, end);
    }

    private static boolean isSeparator(char c) {
        return c == '_' || c == '-';
    }
}
