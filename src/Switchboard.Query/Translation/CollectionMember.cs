using System.Linq.Expressions;

namespace Switchboard.Query.Translation;

/// <summary>A collection: <c>name.itemProperty op value</c> means "has any item where …".</summary>
internal sealed class CollectionMember(string name, LambdaExpression selector, Type itemType, SchemaDefinition itemSchema)
    : SchemaMember(name)
{
    /// <summary>The access from the entity to the collection, typed <c>IEnumerable&lt;TItem&gt;</c> or narrower.</summary>
    public LambdaExpression Selector { get; } = selector;

    public Type ItemType { get; } = itemType;

    public SchemaDefinition ItemSchema { get; } = itemSchema;
}
