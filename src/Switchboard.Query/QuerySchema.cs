using System.Linq.Expressions;
using Switchboard.Query.Binding;
using Switchboard.Query.Syntax;
using Switchboard.Query.Translation;

namespace Switchboard.Query;

/// <summary>
/// The queryable and sortable fields of one resource, by their JSON names (matched
/// case-insensitively). Configure it once at start-up; after that it is only read, and safe to
/// use from many threads.
/// </summary>
/// <typeparam name="T">The entity type that queries filter and order.</typeparam>
/// <example>
/// <code>
/// var schema = new QuerySchema&lt;Connection&gt;("Connection")
///     .Property("id", c =&gt; c.Id)
///     .Property("status", c =&gt; c.Status)
///     .Property("created", c =&gt; c.Created)
///     .DefaultOrder("created", "id");
/// var filter = schema.ParseFilter("status=Linked &amp;&amp; created&gt;=2024-01-01");
/// </code>
/// </example>
public sealed class QuerySchema<T>
{
    private readonly Dictionary<string, SortKey<T>> _sortKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<BoundSortKey> _defaultOrder = [];

    /// <summary>Creates an empty schema.</summary>
    /// <param name="resourceName">The resource name used in error messages, e.g. <c>Connection</c>.</param>
    public QuerySchema(string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);
        Definition = new SchemaDefinition(resourceName, typeof(T));
    }

    /// <summary>The resource name used in error messages, e.g. <c>Connection</c>.</summary>
    public string ResourceName => Definition.ResourceName;

    /// <summary>The names of the properties that orderBy accepts, as registered.</summary>
    public IEnumerable<string> SortableProperties => _sortKeys.Values.Select(key => key.Property.Name);

    internal SchemaDefinition Definition { get; }

    /// <summary>
    /// Registers a scalar property. Supported types: <see cref="string"/>, <see cref="Guid"/>,
    /// <see cref="bool"/>, the integer types, <see cref="decimal"/>, <see cref="double"/>,
    /// <see cref="float"/>, <see cref="DateTime"/> (holding UTC), <see cref="DateTimeOffset"/>,
    /// any enum, and <see cref="Nullable{T}"/> of those.
    /// </summary>
    /// <typeparam name="TValue">The property type.</typeparam>
    /// <param name="name">The JSON field name, e.g. <c>platformName</c>; must contain only letters, digits and <c>_</c>.</param>
    /// <param name="selector">The member access, e.g. <c>c =&gt; c.PlatformName</c>; it must be translatable by the query provider.</param>
    /// <param name="sortable">Whether orderBy may use the property.</param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is not a valid field name or already registered, or the type is not supported.</exception>
    public QuerySchema<T> Property<TValue>(string name, Expression<Func<T, TValue>> selector, bool sortable = true)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(selector);
        if (!ValueParser.TryClassify(typeof(TValue), out var kind, out var valueType, out var isNullable))
        {
            throw new ArgumentException($"Properties of type {typeof(TValue)} cannot be queried.", nameof(selector));
        }

        var property = new QueryProperty(name, selector, kind, valueType, isNullable, value => ValueHolder<TValue>.Access((TValue)value));
        Definition.Add(property);
        if (sortable)
        {
            _sortKeys[name] = new SortKey<T>(
                property,
                (source, descending) => descending ? source.OrderByDescending(selector) : source.OrderBy(selector),
                (source, descending) => descending ? source.ThenByDescending(selector) : source.ThenBy(selector));
        }

        return this;
    }

    /// <summary>
    /// Registers a collection whose items have their own schema. A clause on
    /// <c>name.itemProperty</c> means "has any item where <c>itemProperty</c> matches", e.g.
    /// <c>dataConnections.status=Linked</c>. Each clause is its own "any": in
    /// <c>dataConnections.status=Linked &amp;&amp; dataConnections.sourceType=Banking</c> the two
    /// may be met by different items. Collections cannot be sorted on.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="name">The JSON field name, e.g. <c>dataConnections</c>.</param>
    /// <param name="selector">The collection access, e.g. <c>c =&gt; c.Connections</c>.</param>
    /// <param name="itemSchema">The schema of the items.</param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is not a valid field name or already registered.</exception>
    public QuerySchema<T> Collection<TItem>(string name, Expression<Func<T, IEnumerable<TItem>>> selector, QuerySchema<TItem> itemSchema)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(itemSchema);

        // c => (IEnumerable<TItem>)c.Items: query on the collection itself.
        LambdaExpression access = selector.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert
            && typeof(IEnumerable<TItem>).IsAssignableFrom(convert.Operand.Type)
                ? Expression.Lambda(convert.Operand, selector.Parameters)
                : selector;
        Definition.Add(new QueryCollection(name, access, typeof(TItem), itemSchema.Definition));
        return this;
    }

    /// <summary>
    /// Sets the stable order used when there is no orderBy, and appended after an orderBy as
    /// tie-breaker (skipping the property already ordered on), e.g. <c>DefaultOrder("created", "id")</c>.
    /// End it with a unique property so paging never skips or repeats. A <c>-</c> prefix sorts descending.
    /// </summary>
    /// <param name="propertyNames">Registered sortable property names, most significant first.</param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">A name is not a registered sortable property.</exception>
    public QuerySchema<T> DefaultOrder(params string[] propertyNames)
    {
        ArgumentNullException.ThrowIfNull(propertyNames);
        _defaultOrder.Clear();
        foreach (var propertyName in propertyNames)
        {
            ArgumentNullException.ThrowIfNull(propertyName, nameof(propertyNames));
            var descending = propertyName.StartsWith('-');
            var name = descending ? propertyName[1..] : propertyName;
            if (!_sortKeys.TryGetValue(name, out var key))
            {
                throw new ArgumentException($"'{name}' is not a sortable property of {ResourceName}; register it first.", nameof(propertyNames));
            }

            _defaultOrder.Add(new BoundSortKey(key.Property, descending));
        }

        return this;
    }

    /// <summary>
    /// Parses a query and binds it to this schema: every property resolved, every operator checked, every value
    /// parsed to the property's type. The result is what every back end translates (<see cref="ToPredicate"/> for
    /// LINQ, or SQL written from it). Never throws on any query text.
    /// </summary>
    /// <param name="query">The query text; null, empty or whitespace means no filter.</param>
    /// <returns>The bound filter (null when there is no filter), or the error for a 400 response.</returns>
    public QueryResult<BoundNode?> BindFilter(string? query)
    {
        var parsed = QueryParser.Parse(query);
        if (!parsed.Succeeded)
        {
            return QueryResult<BoundNode?>.Failure(parsed.Error!);
        }

        if (parsed.Root is null)
        {
            return QueryResult<BoundNode?>.Success(null);
        }

        var bound = Bind(parsed.Root);
        return bound.Succeeded ? QueryResult<BoundNode?>.Success(bound.Value) : QueryResult<BoundNode?>.Failure(bound.Error!);
    }

    /// <summary>Binds an already parsed syntax tree to this schema.</summary>
    /// <param name="root">The syntax tree, e.g. from <see cref="QueryParser.Parse(string?)"/>.</param>
    /// <returns>The bound filter, or the error (unknown properties, unsupported operators, invalid values).</returns>
    public QueryResult<BoundNode> Bind(QueryNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return QueryBinder.Bind(Definition, root);
    }

    /// <summary>
    /// Resolves an orderBy (one property name, a <c>-</c> prefix for descending) to sort keys, most significant
    /// first, followed by the default order as tie-breaker (without the property already ordered on); with no
    /// orderBy, the default order only.
    /// </summary>
    /// <param name="orderBy">The orderBy text; null, empty or whitespace means the default order.</param>
    /// <returns>The sort keys, or the error for a 400 response when the property is unknown or not sortable.</returns>
    /// <exception cref="InvalidOperationException">No orderBy was given and the schema has no default order.</exception>
    public QueryResult<IReadOnlyList<BoundSortKey>> BindOrder(string? orderBy)
    {
        var keys = new List<BoundSortKey>();
        if (!string.IsNullOrWhiteSpace(orderBy))
        {
            var start = 0;
            while (char.IsWhiteSpace(orderBy[start]))
            {
                start++;
            }

            var descending = orderBy[start] == '-';
            if (descending)
            {
                start++;
            }

            var name = orderBy[start..].Trim();
            if (!_sortKeys.TryGetValue(name, out var key))
            {
                var message = QueryMessages.UnresolvedOrderBy(name, ResourceName);
                var detail = $"Could not resolve property '{name}' on {ResourceName} at position {QueryMessages.At(start)}; "
                    + $"sortable properties are: {string.Join(", ", SortableProperties)}.";
                return QueryResult<IReadOnlyList<BoundSortKey>>.Failure(
                    new QueryError(message, [new QueryDiagnostic(start, orderBy.Length - start, detail)]));
            }

            keys.Add(new BoundSortKey(key.Property, descending));
        }

        keys.AddRange(_defaultOrder.Where(order => keys.TrueForAll(used => used.Property != order.Property)));
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"The {ResourceName} schema has no DefaultOrder, so results without orderBy would come in no stable order.");
        }

        return QueryResult<IReadOnlyList<BoundSortKey>>.Success(keys);
    }

    /// <summary>
    /// Parses a query and translates it to a predicate for <c>Where</c>. Values are embedded as
    /// parameters, so EF Core reuses query plans. Never throws on any query text.
    /// </summary>
    /// <param name="query">The query text; null, empty or whitespace means no filter.</param>
    /// <returns>The predicate (null when there is no filter), or the error for a 400 response.</returns>
    public QueryResult<Expression<Func<T, bool>>?> ParseFilter(string? query)
    {
        var bound = BindFilter(query);
        return bound.Succeeded
            ? QueryResult<Expression<Func<T, bool>>?>.Success(bound.Value is null ? null : ToPredicate(bound.Value))
            : QueryResult<Expression<Func<T, bool>>?>.Failure(bound.Error!);
    }

    /// <summary>Translates an already parsed syntax tree to a predicate.</summary>
    /// <param name="root">The syntax tree, e.g. from <see cref="QueryParser.Parse(string?)"/>.</param>
    /// <returns>The predicate, or the error (unknown properties, unsupported operators, invalid values).</returns>
    public QueryResult<Expression<Func<T, bool>>> Translate(QueryNode root)
    {
        var bound = Bind(root);
        return bound.Succeeded
            ? QueryResult<Expression<Func<T, bool>>>.Success(ToPredicate(bound.Value))
            : QueryResult<Expression<Func<T, bool>>>.Failure(bound.Error!);
    }

    /// <summary>
    /// Translates a bound filter to a predicate for <c>Where</c>, for EF Core or LINQ to objects. Values are
    /// embedded as parameters, so EF Core reuses query plans.
    /// </summary>
    /// <param name="filter">A filter bound by this schema (<see cref="BindFilter"/> or <see cref="Bind"/>).</param>
    /// <returns>The predicate.</returns>
    public Expression<Func<T, bool>> ToPredicate(BoundNode filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return QueryTranslator.Translate<T>(filter);
    }

    /// <summary>
    /// Orders <paramref name="source"/> by <paramref name="orderBy"/> (one property name, a
    /// <c>-</c> prefix for descending), then by the default order; with no orderBy, by the
    /// default order only.
    /// </summary>
    /// <param name="source">The query to order.</param>
    /// <param name="orderBy">The orderBy text; null, empty or whitespace means the default order.</param>
    /// <returns>The ordered query, or the error for a 400 response when the property is unknown or not sortable.</returns>
    /// <exception cref="InvalidOperationException">No orderBy was given and the schema has no default order.</exception>
    public QueryResult<IOrderedQueryable<T>> ApplyOrder(IQueryable<T> source, string? orderBy)
    {
        ArgumentNullException.ThrowIfNull(source);
        var keys = BindOrder(orderBy);
        return keys.Succeeded
            ? QueryResult<IOrderedQueryable<T>>.Success(Order(source, keys.Value))
            : QueryResult<IOrderedQueryable<T>>.Failure(keys.Error!);
    }

    /// <summary>Orders <paramref name="source"/> by sort keys, most significant first.</summary>
    /// <param name="source">The query to order.</param>
    /// <param name="keys">Sort keys of this schema, e.g. from <see cref="BindOrder"/>; at least one.</param>
    /// <returns>The ordered query.</returns>
    /// <exception cref="ArgumentException">There are no keys, or a key is not a sortable property of this schema.</exception>
    public IOrderedQueryable<T> Order(IQueryable<T> source, IReadOnlyList<BoundSortKey> keys)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("An order needs at least one key.", nameof(keys));
        }

        var ordered = SortKeyOf(keys[0]).OrderBy(source, keys[0].Descending);
        foreach (var key in keys.Skip(1))
        {
            ordered = SortKeyOf(key).ThenBy(ordered, key.Descending);
        }

        return ordered;
    }

    private SortKey<T> SortKeyOf(BoundSortKey key) =>
        _sortKeys.TryGetValue(key.Property.Name, out var sortKey) && sortKey.Property == key.Property
            ? sortKey
            : throw new ArgumentException($"'{key.Property.Name}' is not a sortable property of {ResourceName}.", nameof(key));

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(QueryLexer.IsIdentifierChar))
        {
            throw new ArgumentException($"'{name}' is not a valid property name: use letters, digits and '_' only.", nameof(name));
        }
    }
}
