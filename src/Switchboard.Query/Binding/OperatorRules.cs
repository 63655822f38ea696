using Switchboard.Query.Syntax;

namespace Switchboard.Query.Binding;

/// <summary>Which operators apply to which kinds of value.</summary>
internal static class OperatorRules
{
    public static bool IsAllowed(ValueKind kind, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal or ComparisonOperator.NotEqual => true,
        ComparisonOperator.Contains => kind == ValueKind.String,
        _ => IsOrdered(kind),
    };

    public static string Allowed(ValueKind kind) => kind switch
    {
        ValueKind.String => "one of =, !=, ~",
        _ when IsOrdered(kind) => "one of =, !=, >, <, >=, <=",
        _ => "one of =, !=",
    };

    private static bool IsOrdered(ValueKind kind) =>
        kind is ValueKind.Integer or ValueKind.Real or ValueKind.DateTime or ValueKind.DateTimeOffset;
}
