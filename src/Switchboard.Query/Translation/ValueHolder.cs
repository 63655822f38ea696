using System.Linq.Expressions;

namespace Switchboard.Query.Translation;

/// <summary>
/// Carries a query value into an expression tree as a member of a closure-like object rather
/// than as a constant, so EF Core turns it into a SQL parameter and reuses the query plan.
/// </summary>
/// <typeparam name="TValue">The property type the value is compared with.</typeparam>
internal sealed class ValueHolder<TValue>(TValue value)
{
    public TValue Value { get; } = value;

    /// <summary>An expression reading <paramref name="value"/>, typed as <typeparamref name="TValue"/>.</summary>
    public static Expression Access(TValue value) =>
        Expression.Property(Expression.Constant(new ValueHolder<TValue>(value)), nameof(Value));
}
