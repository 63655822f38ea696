namespace Switchboard.Query.Translation;

/// <summary>A registered field of a resource: a scalar property or a collection.</summary>
internal abstract class SchemaMember(string name)
{
    /// <summary>The JSON field name as registered.</summary>
    public string Name { get; } = name;
}
