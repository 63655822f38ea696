-- A connection's authorization version: the row version of its last change of status or credentials (authorize,
-- unlink, deauthorize). A failed link attempt records a dataConnectionErrors entry, which moves the row version (the
-- ETag) but not this one, so the link that failed can be tried again; linking moves it, so a link that has linked is
-- spent. Link tokens and OAuth states bind it. Existing rows start at their row version, which the links and states
-- outstanding until now bound, so none of them changes meaning.
ALTER TABLE connections ADD COLUMN authorization_version bigint NOT NULL DEFAULT 1;
UPDATE connections SET authorization_version = version;
ALTER TABLE oauth_states RENAME COLUMN connection_version TO authorization_version;
