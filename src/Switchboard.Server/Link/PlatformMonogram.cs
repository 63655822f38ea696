using Switchboard.Server.Integrations;

namespace Switchboard.Server.Link;

/// <summary>
/// The stand-in logo of an integration without one of its own: its initials on one of eight colours. The logo image
/// (<c>/link/logos/{key}.svg</c>) and the company page's monograms (drawn by the stylesheet, so a page listing every
/// platform costs no image requests against the Link pages' rate limit) use the same initials and colour.
/// </summary>
public static class PlatformMonogram
{
    public const int Hues = 8;

    /// <summary>"Exact (Netherlands)" → "EN": the first letter or digit of each of the first two words that have one.</summary>
    public static string Initials(string name) => string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(w => w.FirstOrDefault(char.IsLetterOrDigit)).Where(c => c != default).Take(2).Select(char.ToUpperInvariant));

    /// <summary>One of <see cref="Hues"/> colours, fixed per integration (its id is the same on every install).</summary>
    public static int Hue(IntegrationDefinition integration) => integration.IntegrationId.ToByteArray()[0] % Hues;
}
