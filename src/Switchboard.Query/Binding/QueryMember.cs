namespace Switchboard.Query.Binding;

/// <summary>A registered field of a resource: a <see cref="QueryProperty"/> or a <see cref="QueryCollection"/>.</summary>
public abstract class QueryMember
{
    private protected QueryMember(string name) => Name = name;

    /// <summary>The JSON field name as registered, e.g. <c>platformName</c>.</summary>
    public string Name { get; }
}
