namespace Switchboard.Query.Translation;

/// <summary>How a property's values are parsed and which operators apply to them.</summary>
internal enum ValueKind
{
    String,
    Guid,
    Boolean,
    Enum,
    Integer,
    Real,
    DateTime,
    DateTimeOffset,
}
