/**
 * Demonstration data: the networks the hub was designed around, with accounts to sign in as. Seeded by
 * {@code --demo}, and on first start of the embedded database.
 */
package uk.nhs.hub.demo;
