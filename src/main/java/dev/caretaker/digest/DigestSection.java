package dev.caretaker.digest;

/**
 * One part of the digest (status line, probes, alerts, PostgreSQL, …). Each capability adds its own bean;
 * the digest job renders the sections a digest names in {@code sections}, in {@link #order()}.
 * A section that fails is replaced by one sentence saying so; the rest of the digest is still posted.
 */
public interface DigestSection {

    /** The name used in {@code caretaker.digests[].sections}. */
    String name();

    /** Where the section goes, smallest first. */
    int order();

    /** The section's blocks for this run; {@link Section#EMPTY} leaves it out. */
    Section render(DigestContext context) throws Exception;
}
