using System.Linq.Expressions;

namespace Switchboard.Query.Translation;

/// <summary>A scalar property: compared directly with a value.</summary>
internal sealed class ScalarMember(
    string name,
    LambdaExpression selector,
    ValueKind kind,
    Type valueType,
    bool isNullable,
    Func<object, Expression> embed) : SchemaMember(name)
{
    /// <summary>The member access, from the entity to the property.</summary>
    public LambdaExpression Selector { get; } = selector;

    public ValueKind Kind { get; } = kind;

    /// <summary>The property type without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; } = valueType;

    /// <summary>Whether the property can hold null (a nullable value type or a string).</summary>
    public bool IsNullable { get; } = isNullable;

    /// <summary>Embeds a parsed value (of <see cref="ValueType"/>) as a parameter typed like the property.</summary>
    public Expression Embed(object value) => embed(value);
}
