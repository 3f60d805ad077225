/** Kinds of commands users declare in {@code commands/*.yml}: {@code exec}, {@code http} (and {@code sql}, {@code redis}). */
package dev.caretaker.action.custom;
