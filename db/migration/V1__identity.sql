-- The application's queries run as costwise_app, a role that owns nothing and is no superuser, so that
-- row-level security applies to them. Flyway (the owner) migrates; the transaction manager switches
-- to costwise_app and sets app.tenant_id per transaction.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'costwise_app') THEN
        CREATE ROLE costwise_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

-- A non-superuser owner must be a member to SET ROLE; for a superuser this is a harmless no-op.
GRANT costwise_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO costwise_app;

CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL
);

CREATE TABLE users (
    id                   uuid        PRIMARY KEY,
    email                text        NOT NULL CHECK (email = lower(email)),
    password_hash        text        NOT NULL,
    created_at           timestamptz NOT NULL,
    password_changed_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE invitations (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL,
    email       text        NOT NULL CHECK (email = lower(email)),
    role        text        NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    token_hash  text        NOT NULL,
    invited_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);

CREATE TABLE api_keys (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        text        NOT NULL,
    key_hash      text        NOT NULL,
    scopes        text[]      NOT NULL,
    created_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);

-- Failed sign-ins per e-mail address and per client address; kept in PostgreSQL so that every
-- instance behind the load balancer throttles alike.
CREATE TABLE login_throttle (
    subject            text        PRIMARY KEY,
    failures           integer     NOT NULL,
    window_started_at  timestamptz NOT NULL,
    locked_until       timestamptz
);

-- Spring Session JDBC, so that any instance serves any request.
CREATE TABLE spring_session (
    primary_id             char(36)     NOT NULL,
    session_id             char(36)     NOT NULL,
    creation_time          bigint       NOT NULL,
    last_access_time       bigint       NOT NULL,
    max_inactive_interval  int          NOT NULL,
    expiry_time            bigint       NOT NULL,
    principal_name         varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id  char(36)     NOT NULL,
    attribute_name      varchar(200) NOT NULL,
    attribute_bytes     bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

GRANT SELECT, INSERT, UPDATE, DELETE ON
    tenants, users, memberships, invitations, api_keys, login_throttle,
    spring_session, spring_session_attributes
TO costwise_app;

-- Row-level security: the second wall behind the application's own tenant filter. An unset
-- app.tenant_id matches nothing.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON invitations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- A signed-in person also sees their own memberships in other tenants, to switch between them.
CREATE POLICY tenant_isolation ON memberships
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY own_memberships ON memberships FOR SELECT
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

CREATE POLICY tenant_isolation ON tenants
    USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY own_tenants ON tenants FOR SELECT
    USING (id IN (SELECT tenant_id FROM memberships
                  WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid));
