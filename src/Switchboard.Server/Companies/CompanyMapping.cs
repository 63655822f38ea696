using Switchboard.Server.Common;
using Switchboard.Server.Connections;

namespace Switchboard.Server.Companies;

internal static class CompanyMapping
{
    public static Company ToCompany(this CompanyEntity entity, PublicUrls urls, IEnumerable<ConnectionEntity>? connections = null) => new()
    {
        Id = entity.Id,
        Name = entity.Name,
        Description = entity.Description,
        Redirect = urls.CompanyLink(entity),
        LastSync = entity.LastSync,
        Created = entity.Created,
        Products = [],
        Tags = entity.Tags.Count == 0 ? null : entity.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        DataConnections = connections is null ? null : [.. connections.Select(c => c.ToConnection(urls))],
    };
}
