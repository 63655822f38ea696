using System.Globalization;

namespace Switchboard.Query;

/// <summary>The exact texts of errors, in one place so the wording stays consistent.</summary>
internal static class QueryMessages
{
    public const string Prefix = "Error parsing query - ";

    public const string Malformed = Prefix + "Malformed query.";

    public static readonly string TooLong = string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}Query exceeds the maximum length of {QueryLimits.MaxLength} characters.");

    public static string UnresolvedProperty(string property, string resource) =>
        $"{Prefix}Could not resolve property {property} on {resource}";

    public static string InvalidValue(string property, string value, string expected) =>
        $"{Prefix}Invalid value '{value}' for property '{property}': expected {expected}.";

    public static string InvalidOperator(string op, string property, string value, string expected) =>
        $"{Prefix}Invalid operator '{op}' for property '{property}' with value '{value}': expected {expected}.";

    public static string UnresolvedOrderBy(string property, string resource) =>
        $"Invalid orderBy: could not resolve property '{property}' on {resource}.";

    public static string At(int position) => position.ToString(CultureInfo.InvariantCulture);
}
