using System.Net;
using System.Text.Json.Nodes;

namespace Switchboard.Crash;

/// <summary>
/// After a restart, asks the server itself: the company list holds exactly the live companies, and every company
/// written to before the crash (plus a few others) reads back with its name and its connections' statuses, or 404.
/// </summary>
internal static class ApiCheck
{
    private const int Sample = 10;

    public static async Task<List<string>> RunAsync(HttpClient client, World world, Random random)
    {
        var failures = new List<string>();
        var live = world.Companies.Where(c => c.IsLive).Select(c => c.Id).ToHashSet();
        var list = await GetAsync(client, "/companies?pageSize=5000", failures);
        if (list is not null)
        {
            var listed = list["results"]!.AsArray().Select(c => Guid.Parse(c!["id"]!.GetValue<string>())).ToHashSet();
            if (list["totalResults"]!.GetValue<int>() != live.Count || !listed.SetEquals(live))
            {
                failures.Add($"GET /companies lists {listed.Count} (totalResults {list["totalResults"]}), the model has {live.Count} live; " +
                    $"missing [{string.Join(", ", live.Except(listed).Take(5))}], unexpected [{string.Join(", ", listed.Except(live).Take(5))}].");
            }
        }

        var others = world.Companies.Where(c => !c.Touched).OrderBy(_ => random.Next()).Take(Sample);
        foreach (var company in world.Companies.Where(c => c.Touched).Concat(others).ToList())
        {
            company.Touched = false;
            var path = $"/companies/{company.Id}";
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (!company.IsLive)
            {
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"GET {path} of a deleted company answered {(int)response.StatusCode}: {body}");
                }

                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"GET {path} answered {(int)response.StatusCode}: {body}");
                continue;
            }

            var json = JsonNode.Parse(body)!.AsObject();
            if (json["name"]?.GetValue<string>() != company.Name)
            {
                failures.Add($"GET {path}: name '{json["name"]}', acknowledged '{company.Name}'.");
            }

            var expected = company.LiveConnections.ToDictionary(c => c.Id, c => c.Status.ToString()!);
            var actual = (json["dataConnections"]?.AsArray() ?? []).ToDictionary(c => Guid.Parse(c!["id"]!.GetValue<string>()), c => c!["status"]!.GetValue<string>());
            if (expected.Count != actual.Count || expected.Any(e => !actual.TryGetValue(e.Key, out var status) || status != e.Value))
            {
                failures.Add($"GET {path}: connections [{Show(actual)}], acknowledged [{Show(expected)}].");
            }
        }

        return failures;
    }

    private static async Task<JsonObject?> GetAsync(HttpClient client, string path, List<string> failures)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Add($"GET {path} answered {(int)response.StatusCode}: {body}");
            return null;
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    private static string Show(Dictionary<Guid, string> connections) => string.Join(", ", connections.Select(c => $"{c.Key}={c.Value}"));
}
