using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.OAuth;

/// <summary>
/// When the refresher refreshes a token set it has just stored: <see cref="TokenOptions.RefreshBefore"/> ahead of its
/// expiry, and a random part of <see cref="TokenOptions.RefreshJitter"/> earlier still, so that token sets issued
/// together (a burst of links, a platform's outage ending) come due spread out rather than in one poll. Jitter only
/// ever moves a refresh earlier, never past the unjittered time, and at most by a quarter of the time the token has left
/// before that, so a short-lived token is not refreshed much sooner than it would be without (a 30-minute token refreshed
/// 5 minutes ahead has 25 left: the default 2 minutes apply whole).
/// </summary>
internal sealed class RefreshSchedule(IOptions<SwitchboardOptions> options)
{
    /// <summary>When to refresh a token set expiring at <paramref name="expires"/>, stored at <paramref name="now"/>; null when it does not expire.</summary>
    public DateTime? RefreshAt(DateTime? expires, DateTime now)
    {
        if (expires is not { } expiry)
        {
            return null;
        }

        var tokens = options.Value.Tokens;
        var latest = expiry - tokens.RefreshBefore;
        var room = (latest - now) / 4;
        var window = room < tokens.RefreshJitter ? room : tokens.RefreshJitter;
        return window <= TimeSpan.Zero ? latest : latest - window * Random.Shared.NextDouble();
    }
}
