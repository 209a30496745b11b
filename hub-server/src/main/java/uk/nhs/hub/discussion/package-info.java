/**
 * Threaded discussions inside networks and under meeting occurrences: threads, posts that nest to a limited depth,
 * markdown made safe, edit history, soft deletes, pins and locks, reactions, @mentions, read state, full-text
 * search, and live delivery through the network's gap-free event log.
 */
package uk.nhs.hub.discussion;
