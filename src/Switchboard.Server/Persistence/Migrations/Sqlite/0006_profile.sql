-- Each tenant's Codat Profile: the name and logo its end users see on the Link pages, and where they go afterwards.
-- No row: the tenant's name and the server-wide Link redirect URL.
CREATE TABLE IF NOT EXISTS profiles (
    tenant_id            TEXT    NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    name                 TEXT    NOT NULL,
    logo_url             TEXT,
    icon_url             TEXT,
    redirect_url         TEXT    NOT NULL,
    white_list_urls      TEXT    NOT NULL,
    confirm_company_name INTEGER NOT NULL,
    modified             INTEGER NOT NULL
);
