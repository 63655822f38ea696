// Bench tool for bench/refresher-simulation.sh. Not part of the product.
//
//   RefresherLoad seed --connection CS --rows N --encryption-key BASE64 --platform KEY [--backlog-seconds 90] [--spread-seconds 1800]
//   RefresherLoad platform --port P --client-id ID --client-secret SECRET [--latency-ms 0] [--seconds 180]
using System.Globalization;
using Switchboard.Bench.RefresherLoad;

var command = args.Length > 0 ? args[0] : "help";
var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1], StringComparer.Ordinal);
string Require(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
int Number(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

switch (command)
{
    case "seed":
        await TokenSeeder.SeedAsync(
            Require("connection"), Number("rows", 1_000_000), Convert.FromBase64String(Require("encryption-key")), Require("platform"),
            TimeSpan.FromSeconds(Number("backlog-seconds", 90)), TimeSpan.FromSeconds(Number("spread-seconds", 1800)));
        return 0;
    case "platform":
        await TokenPlatform.RunAsync(Number("port", 0), Require("client-id"), Require("client-secret"),
            TimeSpan.FromMilliseconds(Number("latency-ms", 0)), TimeSpan.FromSeconds(Number("seconds", 180)));
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: RefresherLoad seed --connection CS --rows N --encryption-key BASE64 --platform KEY [--backlog-seconds S] [--spread-seconds S]\n" +
                                           "       RefresherLoad platform --port P --client-id ID --client-secret SECRET [--latency-ms MS] [--seconds S]");
        return 2;
}
