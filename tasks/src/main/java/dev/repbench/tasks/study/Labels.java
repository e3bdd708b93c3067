package dev.repbench.tasks.study;

/** Parsing of label fields in list files. */
final class Labels {
    private Labels() {
    }

    /** @return the non-negative integer in {@code text}, or -1 if it is not one */
    static int parse(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            return value < 0 ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
