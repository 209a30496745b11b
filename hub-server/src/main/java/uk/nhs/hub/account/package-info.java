/**
 * Accounts and sign-in: registration, argon2id password hashes, JWT access tokens carried as a Bearer header or
 * an HttpOnly cookie, CSRF protection for cookie-authenticated browsers, sign-in throttling, the audit of
 * sign-ins, and the register, sign-in and sign-out pages.
 */
package uk.nhs.hub.account;
