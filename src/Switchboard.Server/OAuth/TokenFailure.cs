namespace Switchboard.Server.OAuth;

/// <summary>Why a token endpoint call gave no token set.</summary>
internal enum TokenFailure
{
    /// <summary>None: the call gave a token set.</summary>
    None,

    /// <summary>The grant is no longer valid (<c>invalid_grant</c>: revoked, expired or already used): the access is over.</summary>
    InvalidGrant,

    /// <summary>Worth trying again later: the network, a timeout, a 5xx or a 429.</summary>
    Transient,

    /// <summary>Any other refusal (a misconfigured client, an unexpected answer).</summary>
    Rejected,
}
