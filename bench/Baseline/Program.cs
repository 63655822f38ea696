// Bench baseline (see Baseline.csproj). Environment (at least one of the two):
//   BASELINE_SQLITE   = path of the Switchboard SQLite file
//   BASELINE_POSTGRES = the connection string Switchboard gets (ConnectionStrings__Switchboard)
// Routes:
//   GET /companies/{companyId}/connections/{connectionId}           one row by primary key from SQLite, serialized
//   GET /postgres/companies/{companyId}/connections/{connectionId}  one row by primary key and company from PostgreSQL, serialized
//   GET /fixed/companies/{companyId}/connections/{connectionId}     a fixed connection, serialized
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Bench.Baseline;

var sqlite = Environment.GetEnvironmentVariable("BASELINE_SQLITE");
var postgres = Environment.GetEnvironmentVariable("BASELINE_POSTGRES");
if (string.IsNullOrEmpty(sqlite) && string.IsNullOrEmpty(postgres))
{
    throw new InvalidOperationException("Set BASELINE_SQLITE to the SQLite file, or BASELINE_POSTGRES to the PostgreSQL connection string, or both.");
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // The context's own options are not the ones the endpoints serialize with: nulls are omitted here, as Switchboard does.
    o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default);
});
if (!string.IsNullOrEmpty(sqlite))
{
    builder.Services.AddSingleton(_ => new ConnectionReader(sqlite));
}

if (!string.IsNullOrEmpty(postgres))
{
    builder.Services.AddSingleton(_ => new PostgresConnectionReader(postgres));
}

builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();

var baseUrl = app.Configuration["BASELINE_PUBLIC_BASE_URL"] ?? "http://127.0.0.1:5000";
var fixedConnection = ConnectionReader.Fixed(baseUrl);

app.MapGet("/fixed/companies/{companyId}/connections/{connectionId}", (string companyId, string connectionId) => TypedResults.Ok(fixedConnection));
if (!string.IsNullOrEmpty(sqlite))
{
    app.MapGet("/companies/{companyId}/connections/{connectionId}", Results<Ok<ConnectionDto>, NotFound> (string companyId, string connectionId, ConnectionReader reader) =>
        Guid.TryParse(companyId, out var company) && Guid.TryParse(connectionId, out var id) && reader.Read(company, id, baseUrl) is { } connection
            ? TypedResults.Ok(connection)
            : TypedResults.NotFound());
}

if (!string.IsNullOrEmpty(postgres))
{
    app.MapGet("/postgres/companies/{companyId}/connections/{connectionId}", async Task<Results<Ok<ConnectionDto>, NotFound>> (
        string companyId, string connectionId, PostgresConnectionReader reader, CancellationToken cancellationToken) =>
        Guid.TryParse(companyId, out var company) && Guid.TryParse(connectionId, out var id)
            && await reader.ReadAsync(company, id, baseUrl, cancellationToken) is { } connection
            ? TypedResults.Ok(connection)
            : TypedResults.NotFound());
}

app.MapGet("/health", () => "ok");
app.Run();
