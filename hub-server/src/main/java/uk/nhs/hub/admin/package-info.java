/**
 * Platform administration: the hub's administrators (named by {@code HUB_ADMIN_EMAILS} or made in the hub), their
 * pages and API under {@code /admin} and {@code /api/admin}, suspending accounts, requests for new top-level
 * networks ({@code HUB_NETWORK_CREATION}) and reading the audit log. Other features ask {@link
 * uk.nhs.hub.admin.Administrators} whether someone is an administrator.
 */
package uk.nhs.hub.admin;
