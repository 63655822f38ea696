using Switchboard.Query;
using Switchboard.Server.Connections;

namespace Switchboard.Server.Companies;

/// <summary>What <c>query</c> and <c>orderBy</c> may name on companies, including their connections' fields.</summary>
internal static class CompanyQuerySchema
{
    public static readonly QuerySchema<CompanyEntity> Instance = new QuerySchema<CompanyEntity>("Company")
        .Property("id", c => c.Id)
        .Property("name", c => c.Name)
        .Property("description", c => c.Description)
        .Property("created", c => c.Created)
        .Property("lastSync", c => c.LastSync)
        .Collection("dataConnections", c => c.Connections, ConnectionQuerySchema.Create())
        .DefaultOrder("created", "id");
}
