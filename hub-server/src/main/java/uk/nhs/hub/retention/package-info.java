/**
 * Retention: how long each network keeps its discussions, meeting records and broadcast responses, the legal
 * hold administrators put on a network (covering every network inside it), and the nightly job that deletes what
 * has expired and records the counts in the audit log.
 */
package uk.nhs.hub.retention;
