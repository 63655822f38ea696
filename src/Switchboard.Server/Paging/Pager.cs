using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Switchboard.Query;
using Switchboard.Query.Binding;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Paging;

/// <summary>
/// Filters, orders, counts and pages a list with the Codat query language. With an EF Core source every step
/// runs in the database; an in-memory source (the integration catalogue) runs the same expressions in memory.
/// </summary>
internal static class Pager
{
    public static async Task<PagedResponse<TOut>> ToPageAsync<TEntity, TOut>(
        this IQueryable<TEntity> source,
        PageRequest request,
        QuerySchema<TEntity> schema,
        Func<TEntity, TOut> map,
        PathString path,
        CancellationToken cancellationToken)
    {
        var (filtered, ordered) = Prepare(source, request, schema);
        var async = source.Provider is IAsyncQueryProvider;
        var skip = Skip(request);
        List<TEntity> rows = skip > int.MaxValue
            ? []
            : async
                ? await ordered.Skip((int)skip).Take(request.PageSize).ToListAsync(cancellationToken)
                : [.. ordered.Skip((int)skip).Take(request.PageSize)];

        var total = HoldsAll(request, rows.Count)
            ? rows.Count
            : async ? await filtered.CountAsync(cancellationToken) : filtered.Count();
        return ToResponse([.. rows.Select(map)], request, total, path);
    }

    /// <summary>The source filtered by the request's query, and that ordered by its orderBy; a 400 for either when invalid.</summary>
    public static (IQueryable<TEntity> Filtered, IOrderedQueryable<TEntity> Ordered) Prepare<TEntity>(
        IQueryable<TEntity> source, PageRequest request, QuerySchema<TEntity> schema)
    {
        var (filter, order) = Bind(request, schema);
        if (filter is not null)
        {
            source = source.Where(schema.ToPredicate(filter));
        }

        return (source, schema.Order(source, order));
    }

    /// <summary>
    /// The request's query bound to the schema (null when there is none) and its orderBy as sort keys, the default
    /// order appended; a 400 when either is invalid, the query's error first.
    /// </summary>
    public static (BoundNode? Filter, IReadOnlyList<BoundSortKey> Order) Bind<TEntity>(PageRequest request, QuerySchema<TEntity> schema)
    {
        var filter = schema.BindFilter(request.Query);
        if (!filter.Succeeded)
        {
            throw QueryError(filter.Error!, "query");
        }

        var order = schema.BindOrder(request.OrderBy);
        return order.Succeeded ? (filter.Value, order.Value) : throw QueryError(order.Error!, "orderBy");
    }

    /// <summary>Rows before the requested page (beyond <see cref="int.MaxValue"/>, the page is simply empty).</summary>
    public static long Skip(PageRequest request) => (long)(request.Page - 1) * request.PageSize;

    /// <summary>A first page that is not full already holds every result: no need to count them in the database.</summary>
    public static bool HoldsAll(PageRequest request, int rows) => request.Page == 1 && rows < request.PageSize;

    public static PagedResponse<TOut> ToResponse<TOut>(List<TOut> results, PageRequest request, int total, PathString path) =>
        new(results, request.Page, request.PageSize, total, Links(request, total, path));

    private static PageLinks Links(PageRequest request, int total, PathString path)
    {
        var self = path.ToString();
        HalRef Page(int page)
        {
            var href = $"{self}?page={page}&pageSize={request.PageSize}";
            if (request.Query is not null)
            {
                href += "&query=" + Uri.EscapeDataString(request.Query);
            }

            if (request.OrderBy is not null)
            {
                href += "&orderBy=" + Uri.EscapeDataString(request.OrderBy);
            }

            return new HalRef(href);
        }

        var hasNext = (long)request.Page * request.PageSize < total;
        return new PageLinks(
            new HalRef(self),
            Page(request.Page),
            hasNext ? Page(request.Page + 1) : null,
            request.Page > 1 ? Page(request.Page - 1) : null);
    }

    private static ApiException QueryError(QueryError error, string parameter) =>
        ApiException.BadRequest(
            error.Message,
            [.. error.Diagnostics.Select(d => new ErrorValidationItem(parameter, d.Message, "QueryLanguage"))]);
}
