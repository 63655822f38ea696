using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client;

/// <summary>
/// Webhook consumers: the endpoints that receive company and connection events; and (Switchboard extensions) their
/// secret rotation and delivery log. Verify and read what a consumer receives with <see cref="WebhookVerifier"/>.
/// </summary>
/// <remarks>
/// Every method can be overridden, so tests can mock this class. Error responses throw
/// <see cref="SwitchboardApiException"/>; answers that are not what the API promises throw
/// <see cref="SwitchboardUnexpectedResponseException"/>.
/// </remarks>
public class WebhooksClient
{
    private readonly SwitchboardPipeline? _pipeline;

    internal WebhooksClient(SwitchboardPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates an instance for mocking; its methods must be overridden before use.</summary>
    protected WebhooksClient()
    {
    }

    private SwitchboardPipeline Pipeline => _pipeline ?? throw MockOnly.Exception();

    /// <summary>Lists the tenant's webhook consumers (their secrets are never shown).</summary>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The consumers.</returns>
    public virtual async Task<ListWebhookConsumersResponse> ListAsync(
        RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await Pipeline.SendAsync(HttpMethod.Get, "webhooks", null, retries, options, cancellationToken).ConfigureAwait(false);
        var consumers = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.WebhookConsumers, cancellationToken).ConfigureAwait(false);
        return new ListWebhookConsumersResponse { WebhookConsumers = consumers }.From(response);
    }

    /// <summary>Creates a webhook consumer. The answer (201) carries its <c>whsec_</c> signing secret, which is not shown again.</summary>
    /// <param name="request">The URL, the event types and optionally company tags.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The new consumer, with its secret.</returns>
    public virtual async Task<CreateWebhookConsumerResponse> CreateAsync(
        WebhookConsumerPrototype request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SwitchboardPipeline.Serialize(request, SwitchboardJsonContext.Default.WebhookConsumerPrototype);
        var response = await Pipeline.SendAsync(HttpMethod.Post, "webhooks", body, retries, options, cancellationToken).ConfigureAwait(false);
        var consumer = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.WebhookConsumer, cancellationToken).ConfigureAwait(false);
        return new CreateWebhookConsumerResponse { WebhookConsumer = consumer }.From(response);
    }

    /// <summary>Deletes a webhook consumer and its delivery log. The server answers 204.</summary>
    /// <param name="request">The consumer.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The status of the deletion.</returns>
    public virtual async Task<DeleteWebhookConsumerResponse> DeleteAsync(
        DeleteWebhookConsumerRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(HttpMethod.Delete, Consumer(request.WebhookId), null, retries, options, cancellationToken).ConfigureAwait(false);
        await ResponseReader.ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return new DeleteWebhookConsumerResponse().From(response);
    }

    /// <summary>
    /// Gives a consumer a new signing secret (a Switchboard extension). The previous secret keeps signing alongside it
    /// for 24 hours, so receivers can switch without missing an event.
    /// </summary>
    /// <param name="request">The consumer.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The new secret.</returns>
    public virtual async Task<RotateWebhookSecretResponse> RotateSecretAsync(
        RotateWebhookSecretRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(HttpMethod.Post, Consumer(request.WebhookId) + "/secret/rotate", null, retries, options, cancellationToken)
            .ConfigureAwait(false);
        var secret = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.RotatedWebhookSecret, cancellationToken).ConfigureAwait(false);
        return new RotateWebhookSecretResponse { RotatedWebhookSecret = secret }.From(response);
    }

    /// <summary>Lists one page of a consumer's delivery log (a Switchboard extension), optionally filtered and ordered.</summary>
    /// <param name="request">The consumer, the page and its size, the query and the order.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The page of deliveries.</returns>
    public virtual async Task<ListWebhookDeliveriesResponse> ListDeliveriesAsync(
        ListWebhookDeliveriesRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = Consumer(request.WebhookId) + "/deliveries" + Paths.ListQuery(request, request.Page);
        var response = await Pipeline.SendAsync(HttpMethod.Get, path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var page = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.WebhookDeliveries, cancellationToken).ConfigureAwait(false);
        return new ListWebhookDeliveriesResponse { WebhookDeliveries = page }.From(response);
    }

    /// <summary>Makes a delivery due again now, whatever became of it (a Switchboard extension). The server answers 202.</summary>
    /// <param name="request">The consumer and the delivery.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The delivery, pending again.</returns>
    public virtual async Task<RetryWebhookDeliveryResponse> RetryDeliveryAsync(
        RetryWebhookDeliveryRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = Consumer(request.WebhookId) + "/deliveries/" + Paths.Segment(request.DeliveryId, "request.DeliveryId") + "/retry";
        var response = await Pipeline.SendAsync(HttpMethod.Post, path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var delivery = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.WebhookDelivery, cancellationToken).ConfigureAwait(false);
        return new RetryWebhookDeliveryResponse { WebhookDelivery = delivery }.From(response);
    }

    private static string Consumer(string webhookId) => "webhooks/" + Paths.Segment(webhookId, "request.WebhookId");
}
