package dev.fulcrum.store;

import java.util.List;

/** A page of a document's history, newest first, and how many entries it has in all. */
public record HistoryPage(List<HistoryEntry> entries, long total) {
}
