using System.Globalization;
using System.Text;
using Switchboard.Client.Operations;

namespace Switchboard.Client.Internal;

/// <summary>
/// Builds request paths (relative to the base address) and list query strings.
/// </summary>
internal static class Paths
{
    public static string Segment(string? value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return Uri.EscapeDataString(value);
    }

    public static string Company(string companyId) => "companies/" + Segment(companyId, "request.CompanyId");

    public static string Connections(string companyId) => Company(companyId) + "/connections";

    public static string Connection(string companyId, string connectionId) =>
        Connections(companyId) + "/" + Segment(connectionId, "request.ConnectionId");

    public static string Integration(string platformKey) => "integrations/" + Segment(platformKey, "request.PlatformKey");

    /// <summary>The query string of a list request (with its leading <c>?</c>), or an empty string.</summary>
    public static string ListQuery(ListRequest request, int? page, params (string Name, string? Value)[] extra)
    {
        var query = new StringBuilder();
        Add(query, "page", page?.ToString(CultureInfo.InvariantCulture));
        Add(query, "pageSize", request.PageSize?.ToString(CultureInfo.InvariantCulture));
        Add(query, "query", request.Query);
        Add(query, "orderBy", request.OrderBy);
        foreach (var (name, value) in extra)
        {
            Add(query, name, value);
        }

        return query.ToString();
    }

    private static void Add(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
