package dev.caretaker.security;

/** What an HTTP request that is refused before any feature sees it is told: a body too large for its endpoint. */
public final class RequestMessages {

    private RequestMessages() {
    }

    /** The plain body of a 413. */
    public static String tooLarge(String path, long limit) {
        return limit == 0 ? "This endpoint takes no request body."
                : "The request body is larger than " + limit / 1024 + " KiB, the most " + path + " takes.";
    }
}
