using System.Globalization;

namespace Switchboard.Server.Connections;

/// <summary>
/// A connection's <c>connectionInfo</c>: non-secret facts about its authorization — which keys were supplied (never
/// their values), when, and what the platform said about itself (QuickBooks' realmId, Xero's tenant ids). Every value
/// is a string: older official Codat SDKs declare the object string → string and reject anything else.
/// </summary>
internal static class ConnectionInfo
{
    public static Dictionary<string, string>? For(ConnectionEntity entity)
    {
        if (entity.Authorized is not { } authorized)
        {
            return null;
        }

        var info = new Dictionary<string, string>(entity.PlatformInfo, StringComparer.Ordinal)
        {
            ["authorizationKeys"] = string.Join(",", entity.AuthorizationKeys),
            ["authorizedOnUtc"] = DateTime.SpecifyKind(authorized, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        };
        return info;
    }
}
