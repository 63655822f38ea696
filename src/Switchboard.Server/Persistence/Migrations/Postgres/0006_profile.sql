-- Each tenant's Codat Profile: the name and logo its end users see on the Link pages, and where they go afterwards.
-- No row: the tenant's name and the server-wide Link redirect URL.
CREATE TABLE IF NOT EXISTS profiles (
    tenant_id            uuid        NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    name                 text        NOT NULL,
    logo_url             text,
    icon_url             text,
    redirect_url         text        NOT NULL,
    white_list_urls      text        NOT NULL,
    confirm_company_name boolean     NOT NULL,
    modified             timestamptz NOT NULL
);
