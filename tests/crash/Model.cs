namespace Switchboard.Crash;

internal enum ConnectionStatus
{
    PendingAuth,
    Linked,
    Unlinked,
}

/// <summary>
/// A company as the harness knows it from the server's acknowledgements. While a write to it is unacknowledged (cut
/// off by the kill), it may be in its state before or after that write: <see cref="Allowed"/> holds every state it
/// may be found in (<c>null</c>: deleted). The check after each crash narrows it back to the one state found.
/// </summary>
internal sealed class CompanyModel(Guid id, int writer, string name)
{
    public Guid Id { get; } = id;

    /// <summary>Only this writer writes to the company and its connections, so its writes are ordered.</summary>
    public int Writer { get; } = writer;

    /// <summary>Names it may have; <c>null</c>: it may be deleted.</summary>
    public HashSet<string?> Allowed { get; private set; } = [name];

    public List<ConnectionModel> Connections { get; } = [];

    /// <summary>Connection creates cut off by the kill: up to this many unknown connections of it may exist.</summary>
    public int UnacknowledgedConnectionCreates { get; set; }

    /// <summary>Written to since the last restart; checked through the API after the next one.</summary>
    public bool Touched { get; set; } = true;

    /// <summary>Certainly there (every write to it acknowledged), with this name; null when deleted or uncertain.</summary>
    public string? Name => Allowed.Count == 1 ? Allowed.Single() : null;

    public bool IsLive => Name is not null;

    /// <summary>Certainly deleted.</summary>
    public bool IsDeleted => Allowed.Count == 1 && Allowed.Contains(null);

    public IEnumerable<ConnectionModel> LiveConnections => Connections.Where(c => c.Status is not null);

    public void Set(string? name) => Allowed = [name];
}

/// <summary>A connection as acknowledged; <see cref="Allowed"/> as for <see cref="CompanyModel"/> (<c>null</c>: deleted).</summary>
internal sealed class ConnectionModel(Guid id, CompanyModel company, ConnectionStatus status)
{
    public Guid Id { get; } = id;

    public CompanyModel Company { get; } = company;

    public HashSet<ConnectionStatus?> Allowed { get; private set; } = [status];

    /// <summary>Certain status; null when deleted or uncertain.</summary>
    public ConnectionStatus? Status => Allowed.Count == 1 ? Allowed.Single() : null;

    /// <summary>Certainly deleted (by its own delete or its company's).</summary>
    public bool IsDeleted => Allowed.Count == 1 && Allowed.Contains(null);

    /// <summary>Found by the database check, created by a write the kill cut off; a retry of that write must return it.</summary>
    public bool FoundAfterCutOff { get; set; }

    public void Set(ConnectionStatus? status) => Allowed = [status];
}

/// <summary>Everything every writer was ever acknowledged, across all crashes of one run.</summary>
internal sealed class World
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, CompanyModel> _companies = [];
    private readonly Dictionary<string, int> _unacknowledgedCompanyNames = new(StringComparer.Ordinal);
    private long _acknowledged;

    public IReadOnlyCollection<CompanyModel> Companies => _companies.Values;

    /// <summary>Names of company creates cut off by the kill, with their writer: such a company may or may not exist.</summary>
    public IReadOnlyDictionary<string, int> UnacknowledgedCompanyNames => _unacknowledgedCompanyNames;

    /// <summary>Writes the server answered 2xx, in the whole run.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public void CountAcknowledged() => Interlocked.Increment(ref _acknowledged);

    public void Add(CompanyModel company)
    {
        lock (_gate)
        {
            _companies.Add(company.Id, company);
        }
    }

    public CompanyModel? Find(Guid id) => _companies.GetValueOrDefault(id);


    /// <summary>Company names are unique in a run (writer, cycle, sequence number).</summary>
    public CompanyModel? FindByName(string name)
    {
        lock (_gate)
        {
            return _companies.Values.FirstOrDefault(c => c.Allowed.Contains(name));
        }
    }

    public void AddUnacknowledgedCompany(string name, int writer)
    {
        lock (_gate)
        {
            _unacknowledgedCompanyNames[name] = writer;
        }
    }

    public void ForgetUnacknowledgedCompanies() => _unacknowledgedCompanyNames.Clear();

    public List<CompanyModel> LiveCompaniesOf(int writer)
    {
        lock (_gate)
        {
            return [.. _companies.Values.Where(c => c.Writer == writer && c.IsLive)];
        }
    }
}
