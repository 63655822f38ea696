namespace Switchboard.Server.Link;

/// <summary>What a link token may do.</summary>
internal enum LinkPurpose : byte
{
    /// <summary>The <c>linkUrl</c> every connection shows: authorizes a <c>PendingAuth</c> connection only.</summary>
    Link = 1,

    /// <summary>A fresh link the tenant asked for: may also re-link an <c>Unlinked</c> or <c>Deauthorized</c> connection.</summary>
    Relink = 2,

    /// <summary>The company's <c>redirect</c> page: lists integrations and starts a connection of one; names no connection.</summary>
    Company = 3,
}
