namespace Switchboard.Server.Connections;

/// <summary>
/// What a guarded change requires of the connection: one of the row versions a client's <c>If-Match</c> names, or the
/// authorization version a link was issued at (<see cref="ConnectionEntity.AuthorizationVersion"/>), which a failed
/// attempt's error entry leaves as it is.
/// </summary>
internal sealed record VersionGuard(IReadOnlyList<long> Versions, bool OfAuthorization)
{
    public static VersionGuard? IfMatch(IReadOnlyList<long>? versions) => versions is null ? null : new(versions, OfAuthorization: false);

    public static VersionGuard Authorization(long version) => new([version], OfAuthorization: true);
}
