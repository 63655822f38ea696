namespace Switchboard.Server.Link;

/// <summary>How a message page looks: done, nothing changed for a harmless reason, or a problem.</summary>
public enum MessageTone
{
    Success,
    Info,
    Problem,
}
