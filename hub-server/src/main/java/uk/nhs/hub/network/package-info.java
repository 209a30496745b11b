/**
 * Networks nested to any depth, membership with roles and role titles, join requests, invitations by email,
 * guest nominations, CSV onboarding and export, the per-network event log with its live bridge address, and
 * the network pages.
 */
package uk.nhs.hub.network;
