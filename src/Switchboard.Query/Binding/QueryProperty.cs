using System.Linq.Expressions;
using System.Reflection;

namespace Switchboard.Query.Binding;

/// <summary>A scalar property of a resource: compared directly with a value, and possibly sorted on.</summary>
public sealed class QueryProperty : QueryMember
{
    private readonly Func<object, Expression> _embed;

    internal QueryProperty(string name, LambdaExpression selector, ValueKind kind, Type valueType, bool isNullable, Func<object, Expression> embed)
        : base(name)
    {
        Selector = selector;
        Kind = kind;
        ValueType = valueType;
        IsNullable = isNullable;
        _embed = embed;
        Member = Unconvert(selector.Body) is MemberExpression { Expression: ParameterExpression } access ? access.Member : null;
    }

    /// <summary>The access from the entity to the property as registered, e.g. <c>c =&gt; c.PlatformName</c>.</summary>
    public LambdaExpression Selector { get; }

    /// <summary>
    /// The entity's field or property that <see cref="Selector"/> reads, e.g. <c>ConnectionEntity.Modified</c>
    /// for <c>modifiedDate</c>; null when the selector is more than one member access.
    /// </summary>
    public MemberInfo? Member { get; }

    /// <summary>How values are parsed and which operators apply.</summary>
    public ValueKind Kind { get; }

    /// <summary>The property type without <see cref="Nullable{T}"/>; every bound value of the property has this type.</summary>
    public Type ValueType { get; }

    /// <summary>The property type as declared, e.g. <c>DateTime?</c>.</summary>
    public Type PropertyType => Selector.ReturnType;

    /// <summary>Whether the property can hold null (a nullable value type or a reference type such as <see cref="string"/>).</summary>
    public bool IsNullable { get; }

    /// <summary>Embeds a value (of <see cref="ValueType"/>) as a parameter typed like the property.</summary>
    internal Expression Embed(object value) => _embed(value);

    private static Expression Unconvert(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert } convert ? Unconvert(convert.Operand) : expression;
}
