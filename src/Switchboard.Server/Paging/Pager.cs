using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Switchboard.Query;
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
        var filter = schema.ParseFilter(request.Query);
        if (!filter.Succeeded)
        {
            throw QueryError(filter.Error!, "query");
        }

        if (filter.Value is { } predicate)
        {
            source = source.Where(predicate);
        }

        var ordered = schema.ApplyOrder(source, request.OrderBy);
        if (!ordered.Succeeded)
        {
            throw QueryError(ordered.Error!, "orderBy");
        }

        var async = source.Provider is IAsyncQueryProvider;
        var skip = (long)(request.Page - 1) * request.PageSize;
        List<TEntity> rows = skip > int.MaxValue
            ? []
            : async
                ? await ordered.Value.Skip((int)skip).Take(request.PageSize).ToListAsync(cancellationToken)
                : [.. ordered.Value.Skip((int)skip).Take(request.PageSize)];

        // A first page that is not full already holds every result: no need to count them in the database.
        var total = request.Page == 1 && rows.Count < request.PageSize
            ? rows.Count
            : async ? await source.CountAsync(cancellationToken) : source.Count();

        return new PagedResponse<TOut>(
            [.. rows.Select(map)],
            request.Page,
            request.PageSize,
            total,
            Links(request, total, path));
    }

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
