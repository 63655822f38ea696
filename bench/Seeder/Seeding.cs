using System.Diagnostics;
using System.Globalization;

namespace Switchboard.Bench.Seeder;

/// <summary>A connection kept for the id files.</summary>
internal readonly record struct Seeded(Guid CompanyId, Guid Id, Status Status, string Key);

internal static class Seeding
{
    private const int GetSample = 100_000;
    private const int CompanySample = 50_000;
    private const int PoolCap = 200_000;

    public static async Task<int> RunAsync(Options options)
    {
        var provider = options.Require("provider");
        var connectionString = options.Require("connection");
        var rows = int.Parse(options.Require("rows"), CultureInfo.InvariantCulture);
        var output = options.Require("out");
        var key = Convert.FromBase64String(options.Require("encryption-key"));
        var seed = int.Parse(options.Get("seed", "42"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(output);
        var clock = Stopwatch.StartNew();

        ISink sink = provider switch
        {
            "sqlite" => new SqliteSink(connectionString),
            "postgres" => new PostgresSink(connectionString),
            _ => throw new ArgumentException("--provider must be sqlite or postgres"),
        };
        await using (sink)
        {
            var tenantId = await sink.OpenAsync();
            var generator = new Generator(seed, tenantId, key, rows / 10 + 1);
            var seeded = new List<Seeded>(rows);
            var companies = new List<Guid>(rows / 10 + 1);
            var companyIndex = 0;
            while (seeded.Count < rows)
            {
                var count = Math.Min(generator.NextCount(), rows - seeded.Count);
                var (company, connections) = generator.Next(companyIndex++, count);
                await sink.AddCompanyAsync(company, tenantId);
                companies.Add(company.Id);
                foreach (var connection in connections)
                {
                    await sink.AddConnectionAsync(connection, tenantId);
                    seeded.Add(new Seeded(company.Id, connection.Id, connection.Status, connection.Integration.Key));
                }
            }

            await sink.CompleteAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            WriteIdFiles(output, generator, seeded, companies);
            var linked = seeded.Count(s => s.Status == Status.Linked);
            var meta = string.Create(CultureInfo.InvariantCulture,
                $"{{\"provider\":\"{provider}\",\"tenantId\":\"{tenantId}\",\"companies\":{companies.Count},\"connections\":{seeded.Count},\"linked\":{linked},\"seedSeconds\":{seconds:F2}}}");
            await File.WriteAllTextAsync(Path.Combine(output, "meta.json"), meta + "\n");
            Console.WriteLine(meta);
        }

        return 0;
    }

    private static void WriteIdFiles(string output, Generator generator, List<Seeded> seeded, List<Guid> companies)
    {
        // Lowercase, as the API answers them. One request target per line.
        var sample = Sample(generator, seeded, GetSample);
        File.WriteAllLines(Path.Combine(output, "gets.txt"), sample.Select(s => $"/companies/{s.CompanyId}/connections/{s.Id}"));
        File.WriteAllLines(Path.Combine(output, "companies.txt"), Sample(generator, companies, CompanySample).Select(c => c.ToString()));
        var linked = seeded.Where(s => s.Status == Status.Linked).ToList();
        generator.Shuffle(linked);
        File.WriteAllLines(Path.Combine(output, "linked.txt"), linked.Take(PoolCap).Select(s => $"{s.CompanyId} {s.Id}"));
        // A company links one Accounting connection at a time (a second answers 409), and the seeded companies can hold
        // several Linked ones: update the authorization of Sandbox and Xero connections that are their company's only
        // Linked Accounting connection, which every run can do again without a conflict.
        var accounting = Integration.Mix.Where(i => i.SourceType == "Accounting").Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var linkedAccounting = seeded.Where(s => s.Status == Status.Linked && accounting.Contains(s.Key)).GroupBy(s => s.CompanyId)
            .Where(g => g.Count() == 1).Select(g => g.Single());
        var authorizable = linkedAccounting.Where(s => s.Key is "mqjo" or "gbol").ToList();
        generator.Shuffle(authorizable);
        File.WriteAllLines(Path.Combine(output, "authorize.txt"), authorizable.Take(PoolCap).Select(s => $"{s.CompanyId} {s.Id} {s.Key}"));
    }

    private static List<T> Sample<T>(Generator generator, List<T> items, int count)
    {
        var copy = new List<T>(items);
        generator.Shuffle(copy);
        return copy.Count <= count ? copy : copy.GetRange(0, count);
    }
}

