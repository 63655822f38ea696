using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Companies;
using Switchboard.Server.Errors;
using Switchboard.Server.Paging;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Connections;

/// <summary>
/// Reads single connections with <see cref="ConnectionRows"/>' statements: committed state on the
/// <see cref="ReadPool"/>, or inside a write transaction on its connection. It needs no EF Core context, so the
/// most frequent request (GET a connection) does not lease one.
/// </summary>
internal sealed class ConnectionReader(ReadPool reads, SqlDialect dialect)
{
    public const string NotFoundMessage = "Connection not found: no such connection exists for this company.";

    // Lists repeat the same few queries: each is parsed, checked and written as SQL once.
    private const int MaxPlans = 512;
    private readonly ConcurrentDictionary<(string? Query, string? OrderBy), ListPlan> _plans = new();

    /// <summary>The connection, or a 404 <see cref="ApiException"/>.</summary>
    public async Task<ConnectionEntity> GetAsync(Guid tenantId, Guid companyId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = lease.Command(ConnectionRows.SelectOne).BindKey(dialect, tenantId, companyId, connectionId);
        return await ReadOneAsync(command, cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);
    }

    /// <summary>The connection's platform key (it never changes), or a 404 <see cref="ApiException"/>.</summary>
    public async Task<string> GetIntegrationKeyAsync(Guid tenantId, Guid companyId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = lease.Command(ConnectionRows.SelectIntegrationKey).BindKey(dialect, tenantId, companyId, connectionId);
        return (string?)await command.RunScalarAsync(cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);
    }

    /// <summary>
    /// A page of a company's connections, filtered and ordered by the query language, in one statement (two when a
    /// count is needed). An empty page still tells an unknown company (404) from one with nothing to show.
    /// </summary>
    public async Task<PagedResponse<Connection>> ListAsync(
        Guid tenantId, Guid companyId, PageRequest request, Func<ConnectionEntity, Connection> map, PathString path, CancellationToken cancellationToken)
    {
        var plan = PlanFor(request);
        var rows = new List<Connection>();
        var skip = Pager.Skip(request);
        await using var lease = await reads.RentAsync(cancellationToken);
        if (skip <= int.MaxValue)
        {
            var select = lease.Command(plan.Page).Bind(dialect.Id(companyId), dialect.Id(tenantId), (long)request.PageSize, skip).BindFrom(4, plan.Values);
            await using var reader = await select.RunReaderAsync(cancellationToken);
            while (await reader.NextRowAsync(cancellationToken))
            {
                rows.Add(map(ConnectionRows.Read(reader, dialect)));
            }
        }

        var total = Pager.HoldsAll(request, rows.Count)
            ? rows.Count
            : Convert.ToInt32(await lease.Command(plan.Count).Bind(dialect.Id(companyId), dialect.Id(tenantId)).BindFrom(2, plan.Values)
                .RunScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (rows.Count == 0 && await lease.Command(ConnectionRows.CompanyExists).Bind(dialect.Id(companyId), dialect.Id(tenantId))
                .RunScalarAsync(cancellationToken) is null)
        {
            throw ApiException.NotFound(CompanyService.NotFoundMessage);
        }

        return Pager.ToResponse(rows, request, total, path);
    }

    private ListPlan PlanFor(PageRequest request)
    {
        var key = (request.Query, request.OrderBy);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        // Throws the 400 for a bad query or orderBy, exactly as the EF Core lists do.
        var (bound, order) = Pager.Bind(request, ConnectionQuerySchema.Instance);
        var writer = new SqlQueryWriter(dialect);
        var filter = bound is null ? null : writer.WriteFilter(bound);
        var (page, count) = ConnectionRows.List(filter, SqlQueryWriter.WriteOrder(order), writer.ParameterNames);
        plan = new ListPlan(page, count, [.. writer.Values]);
        if (_plans.Count >= MaxPlans)
        {
            _plans.Clear();
        }

        return _plans.GetOrAdd(key, plan);
    }

    private sealed record ListPlan(SqlStatement Page, SqlStatement Count, object?[] Values);

    /// <summary>Runs a statement that returns <see cref="ConnectionRows"/>' columns; null when it returned no row.</summary>
    public async Task<ConnectionEntity?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? ConnectionRows.Read(reader, dialect) : null;
    }
}
