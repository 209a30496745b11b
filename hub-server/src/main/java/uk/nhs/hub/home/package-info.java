/**
 * The signed-in home, "what needs you": what is waiting for a person across all their networks (broadcasts to
 * acknowledge or answer, meeting dates to reply to, unread mentions and replies, requests to decide, open actions,
 * invitations), their next meeting dates and the threads with unread posts. It reads other features' tables in
 * one statement rather than asking each feature in turn, so the page costs the same however many networks a
 * person belongs to; it owns no tables.
 */
package uk.nhs.hub.home;
