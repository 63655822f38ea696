namespace Switchboard.Query.Binding;

/// <summary>
/// A query value converted to the property's type. A date without a time is a whole UTC day:
/// <see cref="Value"/> is its start and <see cref="DayEnd"/> the start of the next day.
/// </summary>
internal readonly record struct ParsedValue(object Value, object? DayEnd = null)
{
    public bool IsWholeDay => DayEnd is not null;
}
