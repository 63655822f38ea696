using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client;

/// <summary>
/// The tenant's profile: the name and logo its end users see on the Link pages, and the URL they are sent to when a
/// link ends (Codat's <c>GET</c>/<c>PUT /profile</c>).
/// </summary>
/// <remarks>
/// Every method can be overridden, so tests can mock this class. Error responses throw
/// <see cref="SwitchboardApiException"/>; answers that are not what the API promises throw
/// <see cref="SwitchboardUnexpectedResponseException"/>.
/// </remarks>
public class ProfileClient
{
    private const string Path = "profile";

    private readonly SwitchboardPipeline? _pipeline;

    internal ProfileClient(SwitchboardPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates an instance for mocking; its methods must be overridden before use.</summary>
    protected ProfileClient()
    {
    }

    private SwitchboardPipeline Pipeline => _pipeline ?? throw MockOnly.Exception();

    /// <summary>Returns the tenant's profile; one never set answers with the tenant's name and the server's defaults.</summary>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The profile.</returns>
    public virtual async Task<GetProfileResponse> GetAsync(
        RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await Pipeline.SendAsync(HttpMethod.Get, Path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var profile = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Profile, cancellationToken).ConfigureAwait(false);
        return new GetProfileResponse { Profile = profile }.From(response);
    }

    /// <summary>Replaces the tenant's profile (<c>PUT /profile</c>): properties left out take their defaults.</summary>
    /// <param name="request">The whole profile.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The profile as stored.</returns>
    public virtual async Task<UpdateProfileResponse> UpdateAsync(
        Profile request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SwitchboardPipeline.Serialize(request, SwitchboardJsonContext.Default.Profile);
        var response = await Pipeline.SendAsync(HttpMethod.Put, Path, body, retries, options, cancellationToken).ConfigureAwait(false);
        var profile = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Profile, cancellationToken).ConfigureAwait(false);
        return new UpdateProfileResponse { Profile = profile }.From(response);
    }
}
