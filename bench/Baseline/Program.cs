// Bench baseline (see Baseline.csproj). Environment: BASELINE_SQLITE = path of the Switchboard SQLite file.
//   GET /companies/{companyId}/connections/{connectionId}        one row by primary key, serialized
//   GET /fixed/companies/{companyId}/connections/{connectionId}  a fixed connection, serialized
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Bench.Baseline;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default));
builder.Services.AddSingleton(_ => new ConnectionReader(
    Environment.GetEnvironmentVariable("BASELINE_SQLITE") ?? throw new InvalidOperationException("Set BASELINE_SQLITE to the SQLite file.")));
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();

var baseUrl = app.Configuration["BASELINE_PUBLIC_BASE_URL"] ?? "http://127.0.0.1:5000";
var fixedConnection = ConnectionReader.Fixed(baseUrl);

app.MapGet("/fixed/companies/{companyId}/connections/{connectionId}", (string companyId, string connectionId) => TypedResults.Ok(fixedConnection));
app.MapGet("/companies/{companyId}/connections/{connectionId}", Results<Ok<ConnectionDto>, NotFound> (string companyId, string connectionId, ConnectionReader reader) =>
    Guid.TryParse(companyId, out var company) && Guid.TryParse(connectionId, out var id) && reader.Read(company, id, baseUrl) is { } connection
        ? TypedResults.Ok(connection)
        : TypedResults.NotFound());
app.MapGet("/health", () => "ok");
app.Run();
