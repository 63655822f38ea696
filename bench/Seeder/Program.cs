// Bench seeder: bulk-inserts companies and connections straight into a Switchboard database that the server has
// already migrated and bootstrapped (its tenant is read from the tenants table), in one transaction, and writes
// the ids that the wrk Lua scripts request. Not part of the product.
//
//   Seeder seed --provider sqlite|postgres --connection CS --rows N --out DIR --encryption-key BASE64 [--seed 42]
//   Seeder exec --connection CS --sql "SQL"        (PostgreSQL admin statements: CREATE/DROP DATABASE)
using Npgsql;
using Switchboard.Bench.Seeder;

var command = args.Length > 0 ? args[0] : "help";
var options = Options.Parse(args.Skip(1).ToArray());
switch (command)
{
    case "seed":
        return await Seeding.RunAsync(options);
    case "exec":
        await using (var dataSource = NpgsqlDataSource.Create(options.Require("connection")))
        {
            await using var sql = dataSource.CreateCommand(options.Require("sql"));
            await sql.ExecuteNonQueryAsync();
        }

        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: Seeder seed --provider sqlite|postgres --connection CS --rows N --out DIR --encryption-key BASE64 [--seed N]\n       Seeder exec --connection CS --sql SQL");
        return 2;
}
