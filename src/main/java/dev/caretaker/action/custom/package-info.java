/** Kinds of commands users declare in {@code commands/*.yml}: {@code exec}, {@code http}, {@code sql} (and {@code redis}). */
package dev.caretaker.action.custom;
