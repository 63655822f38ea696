namespace Switchboard.Client.Internal;

/// <summary>
/// The error of a client made with its protected constructor (for mocking) whose method was not overridden.
/// </summary>
internal static class MockOnly
{
    public static InvalidOperationException Exception() =>
        new("This client was created for mocking; override the member you call, or create it with SwitchboardClient.");
}
