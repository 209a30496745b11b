/**
 * Shared plumbing of the hub: configuration, the database and its migrations, the HTTP
 * verticle, the one error shape, page rendering, security headers, the event-bus bridge and the audit log.
 * Features live in their own packages and plug into {@link uk.nhs.hub.Hub}, the composition root; nothing here imports a feature.
 */
package uk.nhs.hub.platform;
