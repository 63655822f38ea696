using System.Globalization;
using Switchboard.Query;
using Switchboard.Server.Common;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Paging;

/// <summary>A validated list request: page, page size, and the query and order as given.</summary>
public sealed record PageRequest(int Page, int PageSize, string? Query, string? OrderBy)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 5000;
    public const int MaxPage = int.MaxValue;

    public static PageRequest From(ListParameters parameters)
    {
        var page = ParseWhole(parameters.Page, "page", 1, 1, MaxPage);
        var pageSize = ParseWhole(parameters.PageSize, "pageSize", DefaultPageSize, 1, MaxPageSize);
        if (parameters.Query is { Length: > QueryLimits.MaxLength })
        {
            throw ApiException.InvalidField("query", $"Error parsing query - the query is {parameters.Query.Length} characters long; at most {QueryLimits.MaxLength} are allowed.");
        }

        return new PageRequest(page, pageSize, Blank(parameters.Query), Blank(parameters.OrderBy));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParseWhole(string? text, string name, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ApiException.InvalidField(name, $"{name} must be a whole number from {min} to {max} (got '{Echo.Shorten(text)}').");
        }

        return value;
    }
}
