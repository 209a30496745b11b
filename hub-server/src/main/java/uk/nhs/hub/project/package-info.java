/**
 * Service change projects: a network's change run through the eight steps of the collaborative service change
 * model (each with a checklist), its team (accounts, or people invited by email who see only this project),
 * progress updates that followers are told of, the boards hearing it, its decision log and its consultations
 * (answered by members, or by anyone with the link who confirms by email). Owns the {@code project*} and
 * {@code consultation*} tables and the {@code hub.client.project.<id>} live address.
 */
package uk.nhs.hub.project;
