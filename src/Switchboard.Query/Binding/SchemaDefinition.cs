using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Query.Binding;

/// <summary>The members of one resource, by name, case-insensitively; the non-generic core of a schema.</summary>
internal sealed class SchemaDefinition(string resourceName, Type elementType)
{
    private readonly Dictionary<string, QueryMember> _members = new(StringComparer.OrdinalIgnoreCase);

    public string ResourceName { get; } = resourceName;

    public Type ElementType { get; } = elementType;

    public IEnumerable<QueryMember> Members => _members.Values;

    public void Add(QueryMember member)
    {
        if (!_members.TryAdd(member.Name, member))
        {
            throw new ArgumentException(
                $"{ResourceName} already has a property named '{_members[member.Name].Name}'.", nameof(member));
        }
    }

    public bool TryGetMember(string name, [NotNullWhen(true)] out QueryMember? member) =>
        _members.TryGetValue(name, out member);
}
