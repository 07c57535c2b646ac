package dev.fulcrum.store;

import java.util.List;

/** One page of a listing, and how many documents matched in all. */
public record DocumentPage(List<StoredDocument> documents, long total) {
}
