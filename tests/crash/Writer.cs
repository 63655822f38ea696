using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Crash;

/// <summary>
/// One client writing as fast as the server answers, on its own companies only (so its writes are ordered and the
/// model knows which one was cut off): create company, create connection, authorize, unlink, re-authorize, rename,
/// delete connection, delete company. Every 2xx is recorded in the <see cref="World"/> as acknowledged; the write in
/// flight when the server dies is recorded as may-or-may-not-have-happened, and the writer stops. With idempotency
/// keys, every POST and PATCH carries one, and after the restart the cut-off write is retried with the same key, as
/// a client would: it must succeed, and act at most once.
/// </summary>
internal sealed class Writer(int index, int cycle, World world, Random random, bool idempotencyKeys)
{
    private const int MaxCompanies = 8;
    private const int MaxConnectionsPerCompany = 6;
    private int _sequence;
    private int _acknowledged;
    private Write? _cutOff;
    private (Write Write, string Body)? _lastKeyed;

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>The write cut off by the kill, if any.</summary>
    public string? InFlight => _cutOff?.Description;

    /// <summary>The cut-off write carries an idempotency key, so a client can retry it.</summary>
    public bool CanRetry => _cutOff?.IdempotencyKey is not null;

    /// <summary>An acknowledged write carried an idempotency key, so it can be replayed.</summary>
    public bool CanReplay => _lastKeyed is not null;

    /// <summary>A server answer that contradicts the request (a non-2xx, or a 2xx with the wrong content).</summary>
    public string? Failure { get; private set; }

    public async Task RunAsync(HttpClient client)
    {
        while (true)
        {
            var write = Next();
            HttpResponseMessage response;
            string body;
            try
            {
                response = await write.SendAsync(client);
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
            {
                write.Unacknowledged();
                _cutOff = write;
                return;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    // Nothing else writes these companies, so every request here is valid: a refusal is a server bug.
                    write.Unacknowledged();
                    Failure = $"writer {index}: {write.Description} answered {(int)response.StatusCode}: {body}";
                    return;
                }

                if (Acknowledge(write, response, body) is { } contradiction)
                {
                    Failure = $"writer {index}: {write.Description} answered {(int)response.StatusCode} but {contradiction}: {body}";
                    return;
                }

                if (write.IdempotencyKey is not null)
                {
                    _lastKeyed = (write, body);
                }
            }
        }
    }

    /// <summary>
    /// After the restart (and the database check, which found the cut-off write applied or not): the same request
    /// with the same Idempotency-Key. Returns what went wrong, or null; <c>Stale</c> when the server still holds the
    /// key as "being processed" by the request the kill cut off, and so refuses the retry with a 409.
    /// </summary>
    public async Task<(string? Failure, bool Stale)> RetryCutOffAsync(HttpClient client)
    {
        if (_cutOff is not { IdempotencyKey: { } key } write)
        {
            return (null, false);
        }

        _cutOff = null;
        using var response = await write.SendAsync(client);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            return ($"writer {index}: {write.Description}, cut off by the kill, retried after the restart with its Idempotency-Key {key}, " +
                $"answered {(int)response.StatusCode}: {body}", response.StatusCode == System.Net.HttpStatusCode.Conflict);
        }

        return Acknowledge(write, response, body) is { } contradiction
            ? ($"writer {index}: {write.Description}, retried after the restart with its Idempotency-Key {key}, answered {(int)response.StatusCode} but {contradiction}: {body}", false)
            : (null, false);
    }

    /// <summary>
    /// After the restart: the last acknowledged write with an Idempotency-Key, sent again. Its response was stored
    /// before it was sent, so it must survive the crash: the same body again, marked as replayed, nothing done twice.
    /// </summary>
    public async Task<string?> ReplayLastAcknowledgedAsync(HttpClient client)
    {
        if (_lastKeyed is not var (write, original))
        {
            return null;
        }

        using var response = await write.SendAsync(client);
        var body = await response.Content.ReadAsStringAsync();
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        return response.IsSuccessStatusCode && replayed && body == original
            ? null
            : $"writer {index}: {write.Description} with Idempotency-Key {write.IdempotencyKey}, acknowledged before the kill, sent again after the restart " +
              $"answered {(int)response.StatusCode} (replayed: {replayed}) {body}; the first answer was {original}";
    }

    private string? Acknowledge(Write write, HttpResponseMessage response, string body)
    {
        _ = response;
        var json = body.Length == 0 ? null : JsonNode.Parse(body)?.AsObject();
        var contradiction = write.Acknowledge(json);
        world.CountAcknowledged();
        Interlocked.Increment(ref _acknowledged);
        return contradiction;
    }

    private Write Next()
    {
        var companies = world.LiveCompaniesOf(index);
        if (companies.Count < 2)
        {
            return CreateCompany();
        }

        var company = Pick(companies);
        var connections = companies.SelectMany(c => c.LiveConnections).ToList();
        var linked = connections.Where(c => c.Status == ConnectionStatus.Linked).ToList();
        var roll = random.Next(100);
        if (roll < 8 && companies.Count < MaxCompanies)
        {
            return CreateCompany();
        }

        if (roll is >= 8 and < 16)
        {
            return RenameCompany(company);
        }

        if (roll is >= 16 and < 21)
        {
            return DeleteCompany(company);
        }

        if (roll is >= 46 and < 70 && connections.Count > 0)
        {
            return Authorize(Pick(connections));
        }

        if (roll is >= 70 and < 88 && linked.Count > 0)
        {
            return Unlink(Pick(linked));
        }

        if (roll >= 88 && connections.Count > 0)
        {
            return DeleteConnection(Pick(connections));
        }

        if (company.LiveConnections.Count() < MaxConnectionsPerCompany)
        {
            return CreateConnection(company);
        }

        return connections.Count > 0 ? Authorize(Pick(connections)) : CreateCompany();
    }

    private T Pick<T>(List<T> items) => items[random.Next(items.Count)];

    private Write CreateCompany()
    {
        var name = $"w{index}-c{cycle}-{_sequence++}";
        return new Write(
            $"POST /companies {name}",
            HttpMethod.Post,
            "/companies",
            $$"""{"name":"{{name}}"}""",
            Key(),
            body =>
            {
                if (body?["name"]?.GetValue<string>() != name)
                {
                    return "the company has another name";
                }

                var id = Guid.Parse(body["id"]!.GetValue<string>());
                // A retried create whose first attempt had committed (found by the database check) must return that company.
                if (world.FindByName(name) is { } existing)
                {
                    return existing.Id == id ? null : $"the retry created a second company for one key; the cut-off attempt had created {existing.Id}";
                }

                world.Add(new CompanyModel(id, index, name));
                return null;
            },
            () => world.AddUnacknowledgedCompany(name, index));
    }

    private Write RenameCompany(CompanyModel company)
    {
        var name = $"w{index}-c{cycle}-{_sequence++}-renamed";
        company.Touched = true;
        return new Write(
            $"PATCH /companies/{company.Id} {name}",
            HttpMethod.Patch,
            $"/companies/{company.Id}",
            $$"""{"name":"{{name}}"}""",
            Key(),
            body =>
            {
                company.Set(name);
                return body?["name"]?.GetValue<string>() == name ? null : "the name did not change";
            },
            () => company.Allowed.Add(name));
    }

    private Write DeleteCompany(CompanyModel company)
    {
        company.Touched = true;
        return new Write(
            $"DELETE /companies/{company.Id}",
            HttpMethod.Delete,
            $"/companies/{company.Id}",
            null,
            null,
            _ =>
            {
                company.Set(null);
                foreach (var connection in company.Connections)
                {
                    connection.Set(null);
                }

                return null;
            },
            () => company.Allowed.Add(null));
    }

    private Write CreateConnection(CompanyModel company)
    {
        company.Touched = true;
        return new Write(
            $"POST /companies/{company.Id}/connections",
            HttpMethod.Post,
            $"/companies/{company.Id}/connections",
            // Plaid (banking): a company links any number of banking connections (only one accounting one).
            """{"platformKey":"suuo"}""",
            Key(),
            body =>
            {
                if (body?["status"]?.GetValue<string>() != nameof(ConnectionStatus.PendingAuth))
                {
                    return "the new connection is not PendingAuth";
                }

                var id = Guid.Parse(body["id"]!.GetValue<string>());
                if (company.Connections.FirstOrDefault(c => c.FoundAfterCutOff) is { } existing)
                {
                    return existing.Id == id ? null : $"the retry created a second connection for one key; the cut-off attempt had created {existing.Id}";
                }

                company.Connections.Add(new ConnectionModel(id, company, ConnectionStatus.PendingAuth));
                return null;
            },
            () => company.UnacknowledgedConnectionCreates++);
    }

    private Write Authorize(ConnectionModel connection) => ChangeStatus(
        connection,
        ConnectionStatus.Linked,
        $"PUT {Path(connection)}/authorization",
        HttpMethod.Put,
        $"{Path(connection)}/authorization",
        $$"""{"accessToken":"access-{{Guid.NewGuid():N}}","refreshToken":"refresh-{{Guid.NewGuid():N}}"}""",
        null);

    private Write Unlink(ConnectionModel connection) => ChangeStatus(
        connection,
        ConnectionStatus.Unlinked,
        $"PATCH {Path(connection)} Unlinked",
        HttpMethod.Patch,
        Path(connection),
        """{"status":"Unlinked"}""",
        Key());

    private Write DeleteConnection(ConnectionModel connection)
    {
        connection.Company.Touched = true;
        return new Write(
            $"DELETE {Path(connection)}",
            HttpMethod.Delete,
            Path(connection),
            null,
            null,
            _ =>
            {
                connection.Set(null);
                return null;
            },
            () => connection.Allowed.Add(null));
    }

    private static Write ChangeStatus(
        ConnectionModel connection, ConnectionStatus status, string description, HttpMethod method, string path, string json, Guid? idempotencyKey)
    {
        connection.Company.Touched = true;
        return new Write(
            description,
            method,
            path,
            json,
            idempotencyKey,
            body =>
            {
                connection.Set(status);
                return body?["status"]?.GetValue<string>() == status.ToString() ? null : $"the connection is not {status}";
            },
            () => connection.Allowed.Add(status));
    }

    private static string Path(ConnectionModel connection) => $"/companies/{connection.Company.Id}/connections/{connection.Id}";

    /// <summary>A new Idempotency-Key for a POST or PATCH, when the run uses them.</summary>
    private Guid? Key() => idempotencyKeys ? Guid.NewGuid() : null;

    /// <summary>
    /// One write: the request (sent again as is for a retry), what its acknowledgement means for the model (returns a
    /// contradiction, if the body shows one), and what an unanswered send means (it may or may not have happened).
    /// </summary>
    private sealed record Write(
        string Description,
        HttpMethod Method,
        string Path,
        string? Json,
        Guid? IdempotencyKey,
        Func<JsonObject?, string?> Acknowledge,
        Action Unacknowledged)
    {
        public async Task<HttpResponseMessage> SendAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(Method, Path)
            {
                Content = Json is null ? null : new StringContent(Json, Encoding.UTF8, "application/json"),
            };
            if (IdempotencyKey is { } key)
            {
                request.Headers.Add("Idempotency-Key", key.ToString());
            }

            return await client.SendAsync(request);
        }
    }
}
