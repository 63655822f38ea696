namespace Switchboard.Crash;

/// <summary>
/// Events against the model, once the database check has settled every write the kill cut off: an event exists only
/// for a change that committed (a company or connection the model knows; a delete only of one that is gone), at most
/// one per change, and — where every event must be there by now — one for every change the model holds.
/// </summary>
internal static class WebhookCheck
{
    public static List<string> Run(World world, IEnumerable<WebhookEvent> events, string where, bool all)
    {
        var failures = new List<string>();
        var connections = world.Companies.SelectMany(c => c.Connections).ToDictionary(c => c.Id);
        var found = new Dictionary<(string Type, Guid Subject), Guid>();
        foreach (var e in events)
        {
            if (found.TryGetValue((e.Type, e.Subject), out var other) && other != e.Id)
            {
                failures.Add($"{where}: two {e.Type} events ({other}, {e.Id}) for {e.Subject}: a change acted twice.");
            }

            found[(e.Type, e.Subject)] = e.Id;
            if (!Committed(world, connections, e.Type, e.Subject))
            {
                failures.Add($"{where}: {e.Type} {e.Id} for {e.Subject}, a change that was neither acknowledged nor found committed.");
            }
        }

        if (all)
        {
            foreach (var (type, subject) in Expected(world).Where(x => !found.ContainsKey(x)))
            {
                failures.Add($"{where}: no {type} event for {subject}, a change that was acknowledged or found committed.");
            }
        }

        return failures;
    }

    /// <summary>Every event the model's committed changes caused (the consumer exists before the first write).</summary>
    private static IEnumerable<(string Type, Guid Subject)> Expected(World world)
    {
        foreach (var company in world.Companies)
        {
            yield return ("company.created", company.Id);
            if (company.IsDeleted)
            {
                yield return ("company.deleted", company.Id);
            }

            foreach (var connection in company.Connections)
            {
                yield return ("connection.created", connection.Id);
                if (connection.IsDeleted)
                {
                    yield return ("connection.deleted", connection.Id);
                }
            }
        }
    }

    private static bool Committed(World world, Dictionary<Guid, ConnectionModel> connections, string type, Guid subject) => type switch
    {
        "company.created" => world.Find(subject) is not null,
        "company.deleted" => world.Find(subject) is { IsDeleted: true },
        "connection.created" => connections.ContainsKey(subject),
        "connection.deleted" => connections.GetValueOrDefault(subject) is { IsDeleted: true },
        _ => false,
    };
}
