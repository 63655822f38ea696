-- ASP.NET Core Data Protection's key ring (the keys behind the Link pages' antiforgery tokens), shared by every node
-- so a form served by one is accepted by another. xml: the key's XML as Data Protection stores it, its secret part
-- (its master key element) encrypted with the credentials encryption key. name: Data Protection's own
-- name for the element ("key-<guid>", "revocation-…"). Rows are only added, as Data Protection expects.
CREATE TABLE data_protection_keys (
    id      TEXT    NOT NULL PRIMARY KEY,
    name    TEXT    NOT NULL,
    xml     TEXT    NOT NULL,
    created INTEGER NOT NULL
);
