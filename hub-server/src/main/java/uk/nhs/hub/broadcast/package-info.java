/**
 * Broadcasts: guidance a central team sends to many networks at once, in versions; acknowledgements per person
 * rolled up per network; structured feedback (one agreed response per network, or one per person, optionally
 * anonymous with small numbers suppressed); and the centre's live dashboard and CSV export.
 */
package uk.nhs.hub.broadcast;
