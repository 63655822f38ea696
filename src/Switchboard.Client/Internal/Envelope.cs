using Switchboard.Client.Operations;

namespace Switchboard.Client.Internal;

/// <summary>Builds the operations' results: the one place that copies a response's status, content type and message into them.</summary>
internal static class Envelope
{
    /// <summary>Completes <paramref name="result"/> (which carries the typed body, if any) with what every result carries.</summary>
    public static T From<T>(this T result, HttpResponseMessage response)
        where T : SwitchboardResponse
    {
        result.Describe(response);
        return result;
    }
}
