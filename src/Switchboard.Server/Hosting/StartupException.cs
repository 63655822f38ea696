namespace Switchboard.Server.Hosting;

/// <summary>A setting or environment problem that stops the server; its message tells the operator what to do.</summary>
public sealed class StartupException(string message) : Exception(message);
