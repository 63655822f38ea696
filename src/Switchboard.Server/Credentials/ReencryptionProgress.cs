namespace Switchboard.Server.Credentials;

/// <summary>
/// How far a re-encryption has come: rows re-encrypted, rows that changed while it ran (a concurrent authorize or
/// unlink, whose own write stands), and rows sealed under a key the server was not given.
/// </summary>
internal sealed record ReencryptionProgress(int Reencrypted, int ChangedMeanwhile, int Unreadable);
