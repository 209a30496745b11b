-- Single sign-on with an OpenID Connect provider.
--
-- oidc_logins: one row per sign-in started, kept until the provider sends the person back (at most ten
-- minutes). It holds what the hub must check on return: the state (stored hashed; the browser also carries it
-- in a cookie, so a callback started in another browser is refused), the nonce the ID token must repeat, and the
-- PKCE verifier. Deleting the row on return makes each one single use, so a replayed callback finds nothing.
CREATE TABLE oidc_logins (
    state_hash  text        PRIMARY KEY,
    nonce       text        NOT NULL,
    verifier    text        NOT NULL,
    return_to   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- oidc_identities: which hub account a provider's person (issuer and subject) is. Found first on every sign-in,
-- so a later change of email address at the provider still reaches the same account.
CREATE TABLE oidc_identities (
    issuer      text        NOT NULL,
    subject     text        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user_idx ON oidc_identities (user_id);
