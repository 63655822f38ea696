using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Common;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Json;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Paging;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// Webhook consumers, as Codat's <c>/webhooks</c> (list, create, delete), and the extensions: rotate a consumer's
/// secret, read its delivery log, retry a delivery.
/// </summary>
internal static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Webhooks").ProducesErrors(EndpointDescriptions.ApiErrors);
        group.MapGet("/webhooks", List).WithName("list-webhook-consumers");
        group.MapPost("/webhooks", Create).WithName("create-webhook-consumer").CarriesSecret("webhook consumer")
            .AcceptsJson<WebhookConsumerBody>().ProducesErrors(StatusCodes.Status409Conflict);
        group.MapDelete("/webhooks/{webhookId}", Delete).WithName("delete-webhook-consumer")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/webhooks/{webhookId}/secret/rotate", RotateSecret).WithName("rotate-webhook-consumer-secret").CarriesSecret("webhook secret")
            .WithoutRequestBody().AsSwitchboardExtension().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/webhooks/{webhookId}/deliveries", ListDeliveries).WithName("list-webhook-deliveries")
            .AsSwitchboardExtension().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPost("/webhooks/{webhookId}/deliveries/{deliveryId}/retry", Retry).WithName("retry-webhook-delivery")
            .WithoutRequestBody().AsSwitchboardExtension().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<WebhookConsumerList>> List(WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookConsumerList([.. (await webhooks.ListAsync(tenant.TenantId, cancellationToken)).Select(c => c.ToWire())]));

    public static async Task<Created<WebhookConsumer>> Create(HttpRequest request, WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(WireJson.Context.WebhookConsumerBody, cancellationToken);
        var (consumer, secret) = await webhooks.CreateAsync(tenant.TenantId, body, cancellationToken);
        return TypedResults.Created($"/webhooks/{consumer.Id}", consumer.ToWire(secret));
    }

    public static async Task<NoContent> Delete(string webhookId, WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        await webhooks.DeleteAsync(tenant.TenantId, RouteIds.Parse(webhookId, "webhookId"), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<RotatedSecret>> RotateSecret(string webhookId, WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.RotateSecretAsync(tenant.TenantId, RouteIds.Parse(webhookId, "webhookId"), cancellationToken));

    public static async Task<Ok<PagedResponse<WebhookDelivery>>> ListDeliveries(
        string webhookId, [AsParameters] ListParameters parameters, HttpContext context, WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        var consumer = RouteIds.Parse(webhookId, "webhookId");
        var request = PageRequest.From(parameters);
        var (rows, total) = await webhooks.ListDeliveriesAsync(tenant.TenantId, consumer, request, cancellationToken);
        return TypedResults.Ok(Pager.ToResponse([.. rows.Select(d => d.ToWire())], request, total, context.Request.Path));
    }

    public static async Task<Accepted<WebhookDelivery>> Retry(
        string webhookId, string deliveryId, WebhookService webhooks, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        var consumer = RouteIds.Parse(webhookId, "webhookId");
        var delivery = await webhooks.RetryAsync(tenant.TenantId, consumer, RouteIds.Parse(deliveryId, "deliveryId"), cancellationToken);
        return TypedResults.Accepted($"/webhooks/{consumer}/deliveries", delivery.ToWire());
    }
}
