using Switchboard.Query.Binding;

namespace Switchboard.Query.Translation;

/// <summary>A sortable property with its typed OrderBy and ThenBy, so ordering needs no reflection.</summary>
internal sealed class SortKey<T>(
    QueryProperty property,
    Func<IQueryable<T>, bool, IOrderedQueryable<T>> orderBy,
    Func<IOrderedQueryable<T>, bool, IOrderedQueryable<T>> thenBy)
{
    public QueryProperty Property { get; } = property;

    public IOrderedQueryable<T> OrderBy(IQueryable<T> source, bool descending) => orderBy(source, descending);

    public IOrderedQueryable<T> ThenBy(IOrderedQueryable<T> source, bool descending) => thenBy(source, descending);
}
