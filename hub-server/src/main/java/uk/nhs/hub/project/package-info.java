/**
 * Service change projects: a network's change run through the eight steps of the collaborative service change
 * model (each with a checklist), its team (accounts, or people invited by email who see only this project),
 * progress updates that followers are told of, the boards hearing it and its decision log. Owns the
 * {@code project*} tables and the {@code hub.client.project.<id>} live address.
 */
package uk.nhs.hub.project;
