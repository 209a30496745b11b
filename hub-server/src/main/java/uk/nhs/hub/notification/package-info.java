/**
 * Notifications: what happened that is about a person, stored in the transaction of the change that causes it,
 * emailed at once, in a digest or not at all as the person chooses, and announced to their open pages.
 */
package uk.nhs.hub.notification;
