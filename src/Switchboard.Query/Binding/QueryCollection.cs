using System.Linq.Expressions;

namespace Switchboard.Query.Binding;

/// <summary>A collection of a resource: <c>name.itemProperty op value</c> means "has any item where …".</summary>
public sealed class QueryCollection : QueryMember
{
    internal QueryCollection(string name, LambdaExpression selector, Type itemType, SchemaDefinition itemSchema)
        : base(name)
    {
        Selector = selector;
        ItemType = itemType;
        ItemSchema = itemSchema;
    }

    /// <summary>The access from the entity to the collection, typed <c>IEnumerable&lt;TItem&gt;</c> or narrower.</summary>
    public LambdaExpression Selector { get; }

    /// <summary>The type of the collection's items.</summary>
    public Type ItemType { get; }

    internal SchemaDefinition ItemSchema { get; }
}
