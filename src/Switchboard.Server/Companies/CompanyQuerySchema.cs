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
        // Not a wire field, but Codat accepts it and its SDK's examples order by it.
        .Property("modifiedDate", c => c.Modified)
        .Collection("dataConnections", c => c.Connections, ConnectionQuerySchema.Create())
        .DefaultOrder("created", "id");
}
