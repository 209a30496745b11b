/**
 * A network's activity over the last twelve months: posts in its discussions, its people at meetings of the
 * network and those above it, and the broadcast responses it submitted, month by month, as a chart and a table.
 * It reads the tables of discussion, meeting and broadcast without changing them; who may look is asked of
 * {@link uk.nhs.hub.network.NetworkService}.
 */
package uk.nhs.hub.activity;
