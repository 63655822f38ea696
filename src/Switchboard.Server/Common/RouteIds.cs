using Switchboard.Server.Errors;

namespace Switchboard.Server.Common;

/// <summary>Ids arrive as route text so a malformed one is a 400 naming it, not the router's silent 404.</summary>
internal static class RouteIds
{
    public static Guid Parse(string value, string name) =>
        Guid.TryParse(value, out var id)
            ? id
            : throw ApiException.InvalidField(name, $"{name} '{Echo.Shorten(value)}' is not a valid id: expected a GUID such as 8a210b68-6988-11ed-a1eb-0242ac120002.");
}
