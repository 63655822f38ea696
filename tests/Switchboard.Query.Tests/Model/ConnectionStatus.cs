namespace Switchboard.Query.Tests.Model;

public enum ConnectionStatus
{
    PendingAuth,
    Linked,
    Unlinked,
    Deauthorized,
}
